package io.wshandshake.observation;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SecWebSocketAccept;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The tags of {@link DefaultHandshakeObservationConvention}, from contexts alone: no client, no server. */
class DefaultHandshakeObservationConventionTests {

    private final DefaultHandshakeObservationConvention convention = new DefaultHandshakeObservationConvention();

    private final HandshakeValidator validator = HandshakeValidator.builder()
            .subprotocols(List.of("v12.stomp", "v11.stomp")).extensions(List.of("permessage-deflate")).build();

    @Test
    void supportsHandshakeContextsOnly() {
        assertThat(this.convention.supportsContext(context("ws://example.org/"))).isTrue();
        assertThat(this.convention.supportsContext(new Observation.Context())).isFalse();
    }

    @Test
    void nameAndContextualName() {
        assertThat(this.convention.getName()).isEqualTo("websocket.client.handshake");
        assertThat(this.convention.getContextualName(context("ws://example.org/"))).isEqualTo("websocket connect");
    }

    @Test
    void anotherName() {
        assertThat(new DefaultHandshakeObservationConvention("chat.connect").getName()).isEqualTo("chat.connect");
        assertThatIllegalArgumentException().isThrownBy(() -> new DefaultHandshakeObservationConvention(" "));
    }

    @Test
    void aHandshakeInProgressHasNoOutcomeYet() {
        assertThat(this.convention.getLowCardinalityKeyValues(context("ws://example.org/"))).hasSize(5).contains(
                KeyValue.of("outcome", "UNKNOWN"), KeyValue.of("reason", "none"), KeyValue.of("subprotocol", "none"),
                KeyValue.of("extensions", "none"), KeyValue.of("client", "tomcat"));
    }

    @Test
    void success() {
        HandshakeObservationContext context = context("ws://example.org/");
        context.setResponse(answer("v11.stomp", "permessage-deflate"));
        assertThat(this.convention.getLowCardinalityKeyValues(context)).hasSize(5).contains(
                KeyValue.of("client", "tomcat"), KeyValue.of("outcome", "SUCCESS"), KeyValue.of("reason", "none"),
                KeyValue.of("subprotocol", "v11.stomp"), KeyValue.of("extensions", "permessage-deflate"));
    }

    @Test
    void aHandshakeErrorNamesItsReasonEvenWrapped() {
        HandshakeException notOffered = refusal("v9.stomp");
        HandshakeObservationContext context = context("ws://example.org/");
        context.setError(new ExecutionException(new CompletionException(notOffered)));
        assertThat(this.convention.getLowCardinalityKeyValues(context)).hasSize(5).contains(
                KeyValue.of("client", "tomcat"), KeyValue.of("outcome", "UNSUPPORTED_SUBPROTOCOL"),
                KeyValue.of("reason", "SUBPROTOCOL_NOT_OFFERED"),
                KeyValue.of("subprotocol", "none"), KeyValue.of("extensions", "none"));
    }

    @Test
    void aTransportErrorHasNoReason() {
        HandshakeObservationContext context = context("ws://example.org/");
        context.setError(new TimeoutException("too slow"));
        assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(
                KeyValue.of("outcome", "TRANSPORT_ERROR"), KeyValue.of("reason", "none"));
    }

    @Test
    void aNegotiatedValueThatIsNoConfiguredOfferIsOther() {
        // A caller's own offers: the answer is valid, but the tags name only the configured ones.
        HandshakeObservationContext context = new HandshakeObservationContext(new HttpHeaders(),
                URI.create("ws://example.org/"), Set.of("v10.stomp"), Set.of());
        context.setResponse(answer("v12.stomp", "permessage-deflate"));
        assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(
                KeyValue.of("subprotocol", "other"), KeyValue.of("extensions", "permessage-deflate"));
    }

    @Test
    void theClientTagIsTheKindTheClientNamedOrOther() {
        HandshakeObservationContext reactive = new HandshakeObservationContext(new HttpHeaders(), "reactor-netty",
                URI.create("ws://example.org/"), Set.of(), Set.of());
        assertThat(this.convention.getLowCardinalityKeyValues(reactive))
                .contains(KeyValue.of("client", "reactor-netty"));
        HandshakeObservationContext unnamed = new HandshakeObservationContext(new HttpHeaders(),
                URI.create("ws://example.org/"), Set.of(), Set.of());
        assertThat(this.convention.getLowCardinalityKeyValues(unnamed)).contains(KeyValue.of("client", "other"));
    }

    @Test
    void theUriTagLeavesOutUserInfoQueryAndFragment() {
        assertThat(this.convention.getHighCardinalityKeyValues(context("wss://user:secret@example.org:8443/chat?t=1#x")))
                .containsExactly(KeyValue.of("uri", "wss://example.org:8443/chat"));
    }

    @Test
    void theRemoteServiceAddressHasThePortOrTheSchemesDefault() {
        assertThat(context("ws://example.org/chat").getRemoteServiceAddress()).isEqualTo("ws://example.org:80");
        assertThat(context("wss://example.org/chat").getRemoteServiceAddress()).isEqualTo("wss://example.org:443");
        assertThat(context("ws://example.org:8080/").getRemoteServiceAddress()).isEqualTo("ws://example.org:8080");
    }

    private HandshakeObservationContext context(String uri) {
        return new HandshakeObservationContext(new HttpHeaders(), "tomcat", URI.create(uri),
                Set.copyOf(this.validator.subprotocols()), Set.of("permessage-deflate"));
    }

    private HandshakeResult answer(String subprotocol, String extensions) {
        ClientHandshake handshake = this.validator.beginClientHandshake();
        return this.validator.endClientHandshake(handshake, 101, headers(handshake, subprotocol, extensions));
    }

    private HandshakeException refusal(String subprotocol) {
        ClientHandshake handshake = this.validator.beginClientHandshake();
        return assertThatExceptionOfType(HandshakeException.class).isThrownBy(() -> this.validator
                .endClientHandshake(handshake, 101, headers(handshake, subprotocol, null))).actual();
    }

    private static Map<String, List<String>> headers(ClientHandshake handshake, String subprotocol,
            String extensions) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("Upgrade"));
        headers.put("Sec-WebSocket-Accept", List.of(SecWebSocketAccept.forKey(handshake.key())));
        headers.put("Sec-WebSocket-Protocol", List.of(subprotocol));
        if (extensions != null) {
            headers.put("Sec-WebSocket-Extensions", List.of(extensions));
        }
        return headers;
    }
}
