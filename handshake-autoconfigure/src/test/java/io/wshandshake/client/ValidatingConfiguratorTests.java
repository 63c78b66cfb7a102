package io.wshandshake.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SecWebSocketAccept;
import org.apache.tomcat.websocket.WsHandshakeResponse;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ValidatingConfigurator} leaves in Tomcat's header maps: the request carries its key and is read back
 * as sent, and the answer's subprotocol and extension headers end in the canonical form Tomcat's own parser reads,
 * rewritten only when they are not in it already.
 */
class ValidatingConfiguratorTests {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v2.chat", "v1.chat"))
            .extensions(List.of("permessage-deflate; server_no_context_takeover")).secureRandom(new SampleNonce())
            .build();

    private final HandshakeAttempt attempt = new HandshakeAttempt(new HandshakeAttemptContext(this,
            URI.create("ws://example.com/"), new HttpHeaders(), Set.of(), Set.of()), List.of(), attempt -> {
            }, Duration.ofSeconds(10), 0, Set.of());

    @Test
    void theRequestCarriesTheKeyAndIsReadBackAsSent() {
        Map<String, List<String>> request = tomcatRequest();
        configurator().beforeRequest(request);
        assertThat(request.get("Sec-WebSocket-Key")).containsExactly(KEY);
        assertThat(this.attempt.sent().key()).isEqualTo(KEY);
        assertThat(this.attempt.sent().subprotocols()).containsExactly("v2.chat", "v1.chat");
        assertThat(this.attempt.sent().extensions()).hasToString("[permessage-deflate; server_no_context_takeover]");
    }

    @Test
    void anAnswerInCanonicalFormIsLeftAsItIs() {
        List<String> protocol = List.of("v1.chat");
        List<String> extensions = List.of("permessage-deflate; server_no_context_takeover");
        Map<String, List<String>> answer = answer(protocol, extensions);
        connect(answer);
        assertThat(answer.get("Sec-WebSocket-Protocol")).isSameAs(protocol);
        assertThat(answer.get("Sec-WebSocket-Extensions")).isSameAs(extensions);
        assertThat(this.attempt.result().subprotocolIndex()).isEqualTo(1);
    }

    @Test
    void anAnswerInAnotherFormIsRewrittenInCanonicalForm() {
        Map<String, List<String>> answer = answer(List.of(" v1.chat\t"),
                List.of("permessage-deflate ;server_no_context_takeover,"));
        answer.put("sec-websocket-extensions", List.of(""));
        connect(answer);
        assertThat(answer).containsEntry("Sec-WebSocket-Protocol", List.of("v1.chat"))
                .containsEntry("Sec-WebSocket-Extensions", List.of("permessage-deflate; server_no_context_takeover"))
                .doesNotContainKey("sec-websocket-extensions");
    }

    /** Tomcat hands the answer over in its case-insensitive map, names lowered. */
    @Test
    void anAnswerInTomcatsOwnMapInCanonicalFormIsLeftAsItIs() {
        Map<String, List<String>> answer = tomcatAnswer(List.of("v1.chat"),
                List.of("permessage-deflate; server_no_context_takeover"));
        List<String> protocol = answer.get("Sec-WebSocket-Protocol");
        List<String> extensions = answer.get("Sec-WebSocket-Extensions");
        connect(answer);
        assertThat(answer.get("sec-websocket-protocol")).isSameAs(protocol).containsExactly("v1.chat");
        assertThat(answer.get("sec-websocket-extensions")).isSameAs(extensions);
        assertThat(this.attempt.result().subprotocolIndex()).isEqualTo(1);
    }

    @Test
    void anAnswerInTomcatsOwnMapInAnotherFormIsRewrittenInCanonicalForm() {
        Map<String, List<String>> answer = tomcatAnswer(List.of(" v1.chat\t"),
                List.of("permessage-deflate ;server_no_context_takeover,"));
        connect(answer);
        assertThat(answer.get("sec-websocket-protocol")).containsExactly("v1.chat");
        assertThat(answer.get("sec-websocket-extensions"))
                .containsExactly("permessage-deflate; server_no_context_takeover");
        assertThat(answer).hasSize(5);
    }

    private void connect(Map<String, List<String>> answer) {
        ValidatingConfigurator configurator = configurator();
        configurator.beforeRequest(tomcatRequest());
        configurator.afterResponse(() -> answer);
    }

    private ValidatingConfigurator configurator() {
        return new ValidatingConfigurator(new HttpHeaders(), this.attempt, this.validator, false, false);
    }

    /** As Tomcat's {@code createRequestHeaders} writes them. */
    private static Map<String, List<String>> tomcatRequest() {
        Map<String, List<String>> request = new HashMap<>();
        request.put("Host", List.of("example.com"));
        request.put("Upgrade", List.of("websocket"));
        request.put("Connection", List.of("upgrade"));
        request.put("Sec-WebSocket-Key", List.of("AAAAAAAAAAAAAAAAAAAAAA=="));
        request.put("Sec-WebSocket-Version", List.of("13"));
        request.put("Sec-WebSocket-Protocol", List.of("v2.chat", "v1.chat"));
        request.put("Sec-WebSocket-Extensions", List.of("permessage-deflate;server_no_context_takeover"));
        return request;
    }

    /** The answer in the map Tomcat hands over: its case-insensitive one, names lowered as Tomcat reads them. */
    private static Map<String, List<String>> tomcatAnswer(List<String> protocol, List<String> extensions) {
        Map<String, List<String>> lowered = new HashMap<>();
        answer(protocol, extensions).forEach((name, lines) -> lowered.put(name.toLowerCase(Locale.ROOT), lines));
        return new WsHandshakeResponse(lowered).getHeaders();
    }

    private static Map<String, List<String>> answer(List<String> protocol, List<String> extensions) {
        Map<String, List<String>> answer = new HashMap<>();
        answer.put("Upgrade", List.of("websocket"));
        answer.put("Connection", List.of("upgrade"));
        answer.put("Sec-WebSocket-Accept", List.of(SecWebSocketAccept.forKey(KEY)));
        answer.put("Sec-WebSocket-Protocol", protocol);
        answer.put("Sec-WebSocket-Extensions", extensions);
        return answer;
    }

    /** Always the nonce of RFC 6455 section 1.3. */
    private static final class SampleNonce extends SecureRandom {

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy("the sample nonce".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, bytes.length);
        }
    }
}
