package io.wshandshake.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A control character anywhere in any header line refuses the answer as {@link FailureReason#RESPONSE_MALFORMED}
 * (RFC 9110 section 5.5), naming the first such line in the map's order, before any other verdict: also in the lines
 * of {@code Sec-WebSocket-Accept}, {@code -Protocol} and {@code -Extensions}, which the validator does not scan
 * while gathering because the checks that accept them read every character.
 */
class ControlCharacterTest {

    private static final String ANSWER_EXTENSIONS = "permessage-deflate; server_no_context_takeover; "
            + "client_max_window_bits=\"15\"";

    private static final char[] CONTROLS = { '\0', '\r', '\n', '\u001f', '\u007f' };

    private final HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v1", "v2"))
            .extensions(List.of("permessage-deflate; client_max_window_bits")).build();

    private final ClientHandshake handshake = this.validator.beginClientHandshake();

    private Map<String, List<String>> answer() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("Upgrade"));
        headers.put("Sec-WebSocket-Accept", List.of(SecWebSocketAccept.forKey(this.handshake.key())));
        headers.put("Date", List.of("Tue, 01 Dec 2026 11:00:00 GMT"));
        headers.put("Sec-WebSocket-Protocol", List.of("v2"));
        headers.put("Sec-WebSocket-Extensions", List.of(ANSWER_EXTENSIONS));
        return headers;
    }

    @Test
    void theAnswerWithoutControlCharactersIsAccepted() {
        HandshakeResult result = this.validator.endClientHandshake(this.handshake, 101, answer());
        assertThat(result.subprotocolIndex()).isEqualTo(1);
        assertThat(result.extensions()).hasSize(1);
    }

    @Test
    void aControlCharacterAtAnyPlaceOfAnyLineIsMalformed() {
        int checked = 0;
        for (String name : answer().keySet()) {
            String line = answer().get(name).get(0);
            for (int at = 0; at <= line.length(); at++) {
                for (char control : CONTROLS) {
                    Map<String, List<String>> headers = answer();
                    String bad = line.substring(0, at) + control + line.substring(at);
                    String where = name + " at " + at + ", U+" + Integer.toHexString(control);
                    headers.put(name, List.of(bad));
                    assertThatExceptionOfType(HandshakeException.class)
                            .isThrownBy(() -> this.validator.endClientHandshake(this.handshake, 101, headers))
                            .satisfies(ex -> {
                                assertThat(ex.reason()).as(where).isEqualTo(
                                        FailureReason.RESPONSE_MALFORMED);
                                assertThat(ex.header()).contains(name);
                                assertThat(ex.value()).contains(bad);
                            });
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(700);
    }

    @Test
    void aControlCharacterInASecondLineIsMalformed() {
        for (String name : List.of("Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions")) {
            Map<String, List<String>> headers = answer();
            List<String> lines = new ArrayList<>(headers.get(name));
            lines.add("x\u0001");
            headers.put(name, lines);
            assertThatExceptionOfType(HandshakeException.class)
                    .isThrownBy(() -> this.validator.endClientHandshake(this.handshake, 101, headers))
                    .satisfies(ex -> assertThat(ex.reason()).as(name).isEqualTo(FailureReason.RESPONSE_MALFORMED))
                    .satisfies(ex -> assertThat(ex.value()).contains("x\u0001"));
        }
    }

    @Test
    void theFirstMalformedLineInTheMapsOrderIsNamedWhicheverHeaderItIs() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Sec-WebSocket-Extensions", List.of("permessage-deflate\u0000"));
        headers.putAll(answer());
        headers.put("Sec-WebSocket-Extensions", List.of("permessage-deflate\u0000"));
        headers.put("Upgrade", List.of("websocket\u0000"));
        assertThatExceptionOfType(HandshakeException.class)
                .isThrownBy(() -> this.validator.endClientHandshake(this.handshake, 101, headers))
                .satisfies(ex -> assertThat(ex.header()).contains("Sec-WebSocket-Extensions"));
        headers.remove("Sec-WebSocket-Extensions");
        headers.put("Sec-WebSocket-Extensions", List.of("permessage-deflate\u0000"));
        assertThatExceptionOfType(HandshakeException.class)
                .isThrownBy(() -> this.validator.endClientHandshake(this.handshake, 101, headers))
                .satisfies(ex -> assertThat(ex.header()).contains("Upgrade"));
    }

    @Test
    void aControlCharacterOutranksAWrongAcceptAndAnUnofferedSubprotocol() {
        Map<String, List<String>> headers = answer();
        headers.put("Sec-WebSocket-Accept", List.of("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        headers.put("Sec-WebSocket-Protocol", List.of("v3"));
        headers.put("Sec-WebSocket-Extensions", List.of(ANSWER_EXTENSIONS + "\t\u0002"));
        assertThatExceptionOfType(HandshakeException.class)
                .isThrownBy(() -> this.validator.endClientHandshake(this.handshake, 101, headers))
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED))
                .satisfies(ex -> assertThat(ex.header()).contains("Sec-WebSocket-Extensions"));
    }

    @Test
    void overHttp2AnAcceptThatIsNotCheckedIsStillScanned() {
        ClientHandshake http2 = this.validator.beginClientHandshake(HandshakeMode.HTTP_2);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Sec-WebSocket-Protocol", List.of("v1"));
        assertThat(this.validator.endClientHandshake(http2, 200, headers).subprotocolIndex()).isZero();
        headers.put("Sec-WebSocket-Accept", List.of("anything"));
        assertThat(this.validator.endClientHandshake(http2, 200, headers).subprotocolIndex()).isZero();
        headers.put("Sec-WebSocket-Accept", List.of("any\rthing"));
        assertThatExceptionOfType(HandshakeException.class)
                .isThrownBy(() -> this.validator.endClientHandshake(http2, 200, headers))
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED))
                .satisfies(ex -> assertThat(ex.header()).contains("Sec-WebSocket-Accept"));
    }
}
