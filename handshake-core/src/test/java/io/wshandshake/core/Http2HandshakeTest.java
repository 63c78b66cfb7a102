package io.wshandshake.core;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link HandshakeMode#HTTP_2}: the answer to an extended CONNECT (RFC 8441), judged by its own rules. */
class Http2HandshakeTest {

    private final HandshakeValidator chat = HandshakeValidator.builder()
            .subprotocols(List.of("v2.chat", "v1.chat"))
            .extensions(List.of("permessage-deflate; client_max_window_bits"))
            .build();

    private final ClientHandshake http2 = this.chat.beginClientHandshake(HandshakeMode.HTTP_2);

    @Test
    void aHandshakeOverHttp2HasNoKeyAndSendsNoUpgradeOrConnection() {
        assertThat(this.http2.mode()).isEqualTo(HandshakeMode.HTTP_2);
        assertThatIllegalStateException().isThrownBy(this.http2::key).withMessageContaining("RFC 8441");
        assertThat(this.http2.requestHeaders()).containsExactly(Map.entry("Sec-WebSocket-Version", List.of("13")),
                Map.entry("Sec-WebSocket-Protocol", List.of("v2.chat, v1.chat")),
                Map.entry("Sec-WebSocket-Extensions", List.of("permessage-deflate; client_max_window_bits")));
        assertThat(this.http2).hasToString("ClientHandshake[HTTP/2, subprotocols=[v2.chat, v1.chat], "
                + "extensions=[permessage-deflate; client_max_window_bits]]");
    }

    @Test
    void theModeIsHttp11UnlessAskedFor() {
        assertThat(this.chat.beginClientHandshake().mode()).isEqualTo(HandshakeMode.HTTP_1_1);
        ClientHandshake http11 = this.chat.beginClientHandshake(HandshakeMode.HTTP_1_1);
        assertThat(http11.mode()).isEqualTo(HandshakeMode.HTTP_1_1);
        assertThat(http11.requestHeaders()).containsKeys("Upgrade", "Connection", "Sec-WebSocket-Key");
    }

    @Test
    void givenOffersReplaceTheDefaults() {
        ClientHandshake handshake = this.chat.beginClientHandshake(HandshakeMode.HTTP_2, List.of("v9.chat"),
                List.of());
        assertThat(handshake.subprotocols()).containsExactly("v9.chat");
        assertThat(handshake.extensions()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> this.chat.beginClientHandshake(HandshakeMode.HTTP_2,
                List.of("not a token"), List.of()));
    }

    @Test
    void describesARequestByItsOffersAloneAndReadsNoKey() {
        ClientHandshake described = this.chat.clientHandshake(HandshakeMode.HTTP_2, Map.of(
                "sec-websocket-version", List.of("13"), "sec-websocket-protocol", List.of("v1.chat"),
                "sec-websocket-extensions", List.of("permessage-deflate")));
        assertThat(described.mode()).isEqualTo(HandshakeMode.HTTP_2);
        assertThat(described.subprotocols()).containsExactly("v1.chat");
        assertThat(described.extensions()).containsExactly(ExtensionElement.parse("permessage-deflate"));
        // A key, even a bad one, is not read over HTTP/2; over HTTP/1.1 it is required.
        Map<String, List<String>> withBadKey = Map.of("Sec-WebSocket-Key", List.of("short"));
        assertThat(this.chat.clientHandshake(HandshakeMode.HTTP_2, withBadKey).subprotocols()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(
                () -> this.chat.clientHandshake(HandshakeMode.HTTP_1_1, withBadKey));
        assertThatIllegalArgumentException().isThrownBy(() -> this.chat.clientHandshake(HandshakeMode.HTTP_2,
                Map.of("sec-websocket-extensions", List.of("permessage-deflate;"))));
    }

    @Test
    void theDefaultOffersAreFoundAgain() {
        ClientHandshake described = this.chat.clientHandshake(HandshakeMode.HTTP_2, this.http2.requestHeaders());
        assertThat(described.subprotocols()).isEqualTo(this.chat.subprotocols());
        assertThat(described.extensions()).isEqualTo(this.chat.extensions());
    }

    @Test
    void acceptsA200ThatChoosesOfferedSubprotocolAndExtension() {
        HandshakeResult result = this.chat.endClientHandshake(this.http2, 200, ServerAnswer.empty()
                .set("sec-websocket-protocol", "v1.chat")
                .set("sec-websocket-extensions", "permessage-deflate; client_max_window_bits=12").headers());
        assertThat(result.subprotocolIndex()).isEqualTo(1);
        assertThat(result.extensionIndices()).containsExactly(0);
        assertThat(result.perMessageDeflate()).get().extracting(PerMessageDeflateParameters::clientMaxWindowBits)
                .isEqualTo(12);
    }

    @Test
    void aSecWebSocketAcceptAnswersNoKeyAndIsIgnored() {
        HandshakeResult result = this.chat.endClientHandshake(this.http2, 200, ServerAnswer.empty()
                .protocol("v2.chat").set("Sec-WebSocket-Accept", "not even base64", "twice").headers());
        assertThat(result.subprotocol()).contains("v2.chat");
    }

    @ParameterizedTest
    @ValueSource(ints = { 101, 204, 302, 400, 403, 500 })
    void anythingBut200IsRefused(int status) {
        HandshakeException refused = catchThrowableOfType(HandshakeException.class, () -> this.chat
                .endClientHandshake(this.http2, status, ServerAnswer.empty().protocol("v1.chat").headers()));
        assertThat(refused.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(refused.status()).hasValue(status);
        assertThat(refused).hasMessage("Expected status 200 to the extended CONNECT over HTTP/2 (RFC 8441 "
                + "section 5), got " + status);
    }

    @Test
    void aStatusThatIsNoStatusCodeIsKeptAsTheValue() {
        HandshakeException refused = catchThrowableOfType(HandshakeException.class,
                () -> this.chat.endClientHandshake(this.http2, 2000, Map.of()));
        assertThat(refused.status()).isEmpty();
        assertThat(refused.value()).contains("2000");
    }

    /** A 101 answer with everything HTTP/1.1 wants is still no answer to an extended CONNECT. */
    @Test
    void aPerfectHttp11AnswerIsRefused() {
        assertThatExceptionOfType(HandshakeException.class).isThrownBy(() -> this.chat.endClientHandshake(
                this.http2, 101, ServerAnswer.empty().set("Upgrade", "websocket").set("Connection", "Upgrade")
                        .protocol("v1.chat").headers()))
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS));
    }

    /** And the other way round: an HTTP/1.1 handshake never takes a 200 as its answer. */
    @Test
    void anHttp11HandshakeRefusesA200() {
        ClientHandshake http11 = this.chat.beginClientHandshake();
        assertThatExceptionOfType(HandshakeException.class).isThrownBy(() -> this.chat.endClientHandshake(http11,
                200, ServerAnswer.empty().protocol("v1.chat").headers()))
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Connection", "connection", "Upgrade", "UPGRADE", "Keep-Alive", "proxy-connection",
            "Transfer-Encoding" })
    void aConnectionSpecificFieldIsMalformed(String name) {
        HandshakeException refused = catchThrowableOfType(HandshakeException.class, () -> this.chat
                .endClientHandshake(this.http2, 200, ServerAnswer.empty().protocol("v1.chat")
                        .set(name, "upgrade").headers()));
        assertThat(refused.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(refused.header()).get().asString().isEqualToIgnoringCase(name);
        assertThat(refused.value()).contains("upgrade");
        assertThat(refused).hasMessageContaining("connection-specific").hasMessageContaining("RFC 9113 section 8.2.2");
    }

    @Test
    void aPseudoHeaderFieldInTheMapIsMalformed() {
        HandshakeException refused = catchThrowableOfType(HandshakeException.class, () -> this.chat
                .endClientHandshake(this.http2, 200, ServerAnswer.empty().set(":status", "200").protocol("v1.chat")
                        .headers()));
        assertThat(refused.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED);
    }

    @Test
    void theHeaderSizeLimitHolds() {
        HandshakeValidator small = HandshakeValidator.builder().maxHeaderSize(100).build();
        HandshakeException refused = catchThrowableOfType(HandshakeException.class, () -> small.endClientHandshake(
                small.beginClientHandshake(HandshakeMode.HTTP_2), 200,
                ServerAnswer.empty().set("x-padding", "a".repeat(200)).headers()));
        assertThat(refused.reason()).isEqualTo(FailureReason.HEADERS_TOO_LARGE);
    }

    static Stream<Arguments> negotiations() {
        return Stream.of(
                Arguments.of("no subprotocol", ServerAnswer.empty()),
                Arguments.of("un-offered subprotocol", ServerAnswer.empty().protocol("v9.chat")),
                Arguments.of("subprotocol list", ServerAnswer.empty().protocol("v1.chat, v2.chat")),
                Arguments.of("subprotocol on two lines", ServerAnswer.empty()
                        .set("Sec-WebSocket-Protocol", "v1.chat", "v1.chat")),
                Arguments.of("un-offered extension", ServerAnswer.empty().protocol("v1.chat")
                        .extensions("x-other")),
                Arguments.of("extension twice", ServerAnswer.empty().protocol("v1.chat")
                        .extensions("permessage-deflate, permessage-deflate")),
                Arguments.of("window bits out of range", ServerAnswer.empty().protocol("v1.chat")
                        .extensions("permessage-deflate; server_max_window_bits=7")),
                Arguments.of("malformed extensions", ServerAnswer.empty().protocol("v1.chat")
                        .extensions("permessage-deflate;")),
                Arguments.of("malformed extensions after an un-offered subprotocol", ServerAnswer.empty()
                        .protocol("v9.chat").extensions("x-other; =")),
                Arguments.of("good", ServerAnswer.empty().protocol("v2.chat").extensions("permessage-deflate")));
    }

    /**
     * Subprotocol and extension negotiation over HTTP/2 is RFC 6455's: for any answer, the verdict is the one an
     * HTTP/1.1 answer with a correct status, {@code Upgrade}, {@code Connection} and accept gets, to the message.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("negotiations")
    void negotiationIsJudgedAsOverHttp11(String name, ServerAnswer answer) {
        Object overHttp2 = verdict(() -> this.chat.endClientHandshake(this.http2, 200, answer.headers()));
        ClientHandshake http11 = this.chat.beginClientHandshake();
        Map<String, List<String>> withUpgrade = new java.util.LinkedHashMap<>(answer.headers());
        withUpgrade.putAll(ServerAnswer.validFor(http11.key()).headers());
        Object overHttp11 = verdict(() -> this.chat.endClientHandshake(http11, 101, withUpgrade));
        assertThat(overHttp2).isEqualTo(overHttp11);
    }

    private static Object verdict(java.util.function.Supplier<HandshakeResult> end) {
        try {
            return end.get();
        }
        catch (HandshakeException ex) {
            return List.of(ex.reason(), ex.header(), ex.value(), ex.getMessage());
        }
    }
}
