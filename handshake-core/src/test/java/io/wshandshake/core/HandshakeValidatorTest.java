package io.wshandshake.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HandshakeValidatorTest {

    /** The example of RFC 6455 section 1.3. */
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final HandshakeValidator chat = HandshakeValidator.builder()
            .subprotocols(List.of("v2.chat", "v1.chat"))
            .extensions(List.of("permessage-deflate; client_max_window_bits", "x-webkit-deflate-frame"))
            .build();

    @Test
    void acceptValueOfRfc6455Example() {
        assertThat(SecWebSocketAccept.forKey(RFC_KEY)).isEqualTo(RFC_ACCEPT);
    }

    @Test
    void acceptsTheRfc6455ExampleAnswer() {
        Map<String, List<String>> answer = ServerAnswer.empty().set("Upgrade", "websocket")
                .set("Connection", "Upgrade").set("Sec-WebSocket-Accept", RFC_ACCEPT).protocol("v1.chat").headers();
        HandshakeResult result = this.chat.endClientHandshake(RFC_KEY, 101, answer);
        assertThat(result.subprotocolIndex()).isEqualTo(1);
        assertThat(result.subprotocol()).contains("v1.chat");
        assertThat(result.extensionIndices()).isEmpty();
        assertThat(result.perMessageDeflate()).isEmpty();
    }

    @Nested
    class Begin {

        @Test
        void requestHeadersOfferEverythingInOrder() {
            ClientHandshake handshake = HandshakeValidatorTest.this.chat.beginClientHandshake();
            assertThat(handshake.requestHeaders()).containsExactly(
                    Map.entry("Upgrade", List.of("websocket")), Map.entry("Connection", List.of("Upgrade")),
                    Map.entry("Sec-WebSocket-Key", List.of(handshake.key())),
                    Map.entry("Sec-WebSocket-Version", List.of("13")),
                    Map.entry("Sec-WebSocket-Protocol", List.of("v2.chat, v1.chat")),
                    Map.entry("Sec-WebSocket-Extensions",
                            List.of("permessage-deflate; client_max_window_bits, x-webkit-deflate-frame")));
        }

        @Test
        void keyIsFreshBase64Of16Bytes() {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                String key = HandshakeValidatorTest.this.chat.beginClientHandshake().key();
                assertThat(Base64.getDecoder().decode(key)).hasSize(16);
                keys.add(key);
            }
            assertThat(keys).hasSize(100);
        }

        @Test
        void keyComesFromTheGivenSecureRandom() {
            SecureRandom fixed = new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    java.util.Arrays.fill(bytes, (byte) 7);
                }
            };
            HandshakeValidator validator = HandshakeValidator.builder().secureRandom(fixed).build();
            assertThat(Base64.getDecoder().decode(validator.beginClientHandshake().key())).containsOnly(7);
        }

        @Test
        void noOffersMeansNoOfferHeaders() {
            ClientHandshake handshake = HandshakeValidator.builder().build().beginClientHandshake();
            assertThat(handshake.requestHeaders()).doesNotContainKeys("Sec-WebSocket-Protocol",
                    "Sec-WebSocket-Extensions");
        }

        @Test
        void perCallOffersReplaceTheDefaultsAndIndicesPointIntoThem() {
            ClientHandshake handshake = HandshakeValidatorTest.this.chat
                    .beginClientHandshake(List.of("graphql-transport-ws", "v2.chat"), List.of());
            Map<String, List<String>> answer = ServerAnswer.validFor(handshake.key()).protocol("v2.chat").headers();
            HandshakeResult result = HandshakeValidatorTest.this.chat.endClientHandshake(handshake, 101, answer);
            assertThat(result.subprotocolIndex()).isEqualTo(1);
            assertThat(handshake.requestHeaders().get("Sec-WebSocket-Protocol"))
                    .containsExactly("graphql-transport-ws, v2.chat");
        }

        @Test
        void perCallOffersAreChecked() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidatorTest.this.chat.beginClientHandshake(List.of("a b"), List.of()))
                    .withMessageContaining("\"a b\"");
        }
    }

    @Nested
    class AnotherClientsHandshake {

        @Test
        void fromKeyAndOffers() {
            ClientHandshake handshake = HandshakeValidatorTest.this.chat.clientHandshake(RFC_KEY, List.of("mqtt"),
                    List.of("permessage-deflate"));
            Map<String, List<String>> answer = ServerAnswer.validFor(RFC_KEY).protocol("mqtt")
                    .extensions("permessage-deflate").headers();
            HandshakeResult result = HandshakeValidatorTest.this.chat.endClientHandshake(handshake, 101, answer);
            assertThat(result.subprotocol()).contains("mqtt");
            assertThat(result.extensionIndices()).containsExactly(0);
        }

        @Test
        void fromTheRequestHeadersAsSentWithTomcatsCommaJoinedLines() {
            Map<String, List<String>> request = new HashMap<>();
            request.put("sec-websocket-key", List.of(RFC_KEY));
            request.put("Sec-WebSocket-Protocol", List.of("a,b", "c"));
            request.put("Sec-WebSocket-Extensions",
                    List.of("permessage-deflate;server_max_window_bits=10,permessage-deflate"));
            ClientHandshake handshake = HandshakeValidatorTest.this.chat.clientHandshake(request);
            assertThat(handshake.key()).isEqualTo(RFC_KEY);
            assertThat(handshake.subprotocols()).containsExactly("a", "b", "c");
            assertThat(handshake.extensions()).extracting(ExtensionElement::toString)
                    .containsExactly("permessage-deflate; server_max_window_bits=10", "permessage-deflate");
        }

        /** The validator's own offers, as Tomcat, Jetty and a careless writer put them on the request. */
        @ParameterizedTest
        @ValueSource(strings = { "v2.chat|v1.chat/permessage-deflate;client_max_window_bits|x-webkit-deflate-frame",
                "v2.chat, v1.chat/permessage-deflate; client_max_window_bits, x-webkit-deflate-frame",
                " v2.chat ,,\tv1.chat |/, permessage-deflate \t;\tclient_max_window_bits ,|x-webkit-deflate-frame," })
        void theValidatorsOwnOffersAreFoundAgainWithoutParsingThem(String written) {
            ClientHandshake handshake = HandshakeValidatorTest.this.chat.clientHandshake(request(written));
            assertThat(handshake.key()).isEqualTo(RFC_KEY);
            assertThat(handshake.subprotocols()).isSameAs(HandshakeValidatorTest.this.chat.subprotocols());
            assertThat(handshake.extensions()).isSameAs(HandshakeValidatorTest.this.chat.extensions());
        }

        /** Offers that are not exactly the validator's are parsed and checked in full, as sent. */
        @ParameterizedTest
        @ValueSource(strings = { "v1.chat|v2.chat/permessage-deflate;client_max_window_bits|x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage-deflate;client_max_window_bits",
                "v2.chat|v1.chat/permessage-deflate;client_max_window_bits;server_no_context_takeover"
                        + "|x-webkit-deflate-frame",
                "v2.chat|v1.chat|v0.chat/permessage-deflate;client_max_window_bits|x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage-deflate;client_max_window_bits=15|x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage-deflate;client_max_window_bits=\"15\"|x-webkit-deflate-frame" })
        void otherOffersAreParsedAsSent(String written) {
            Map<String, List<String>> request = request(written);
            ClientHandshake handshake = HandshakeValidatorTest.this.chat.clientHandshake(request);
            List<String> lines = request.get("Sec-WebSocket-Extensions");
            assertThat(handshake.subprotocols()).isEqualTo(request.get("Sec-WebSocket-Protocol"));
            assertThat(handshake.extensions()).isEqualTo(ExtensionHeaderParser.parseLines(lines));
        }

        /** A token split by whitespace is never taken for the offer it would be without it. */
        @ParameterizedTest
        @ValueSource(strings = { "v2 .chat|v1.chat/permessage-deflate;client_max_window_bits|x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage-deflate;client_max _window_bits|x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage -deflate;client_max_window_bits|x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage-deflate;client_max_window_bits x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage-deflate;client_max_window_bits;|x-webkit-deflate-frame",
                "v2.chat|v1.chat/ , ,|,", "v2.chat|v1.chat/permessage-deflate;client_max_window_bits=|x" })
        void malformedOffersAreRefused(String written) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidatorTest.this.chat.clientHandshake(request(written)));
        }

        /** Begun on a container's request: the key is written, not read back, and any key already there goes. */
        @Test
        void begunOnTheRequestItWritesAFreshKeyInPlaceOfAnyThere() {
            Map<String, List<String>> request = request("v2.chat|v1.chat/permessage-deflate;client_max_window_bits"
                    + "|x-webkit-deflate-frame");
            request.put("sec-websocket-key", List.of("AAAAAAAAAAAAAAAAAAAAAA=="));
            ClientHandshake handshake = HandshakeValidatorTest.this.chat.beginClientHandshake(request);
            assertThat(handshake.key()).hasSize(24).isNotEqualTo(RFC_KEY).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA==");
            assertThat(Base64.getDecoder().decode(handshake.key())).hasSize(16);
            assertThat(request.keySet()).filteredOn("Sec-WebSocket-Key"::equalsIgnoreCase).singleElement()
                    .satisfies(name -> assertThat(request.get(name)).containsExactly(handshake.key()));
            assertThat(request).containsEntry("Host", List.of("example.com")).hasSize(4);
            assertThat(handshake.subprotocols()).isSameAs(HandshakeValidatorTest.this.chat.subprotocols());
            assertThat(handshake.extensions()).isSameAs(HandshakeValidatorTest.this.chat.extensions());
        }

        /** Jetty writes a line per subprotocol; servers such as Reactor Netty read only the first line. */
        @Test
        void begunOnTheRequestItPutsTheSubprotocolsOnOneLine() {
            Map<String, List<String>> request = request("v1.chat|v9.chat|/permessage-deflate; server_max_window_bits=9");
            request.put("Sec-WebSocket-Protocol", java.util.Arrays.asList("v1.chat", null, "v9.chat", ""));
            ClientHandshake handshake = HandshakeValidatorTest.this.chat.beginClientHandshake(request);
            assertThat(request).containsEntry("Sec-WebSocket-Protocol", List.of("v1.chat, v9.chat, "));
            assertThat(handshake.subprotocols()).containsExactly("v1.chat", "v9.chat");
            assertThat(handshake.extensions()).extracting(ExtensionElement::toString)
                    .containsExactly("permessage-deflate; server_max_window_bits=9");
        }

        @Test
        void begunOnTheRequestWithNothingOfferedItAddsOnlyTheKey() {
            Map<String, List<String>> request = new HashMap<>(Map.of("Host", List.of("example.com")));
            ClientHandshake handshake = HandshakeValidator.builder().build().beginClientHandshake(request);
            assertThat(request).containsOnlyKeys("Host", "Sec-WebSocket-Key");
            assertThat(handshake.subprotocols()).isEmpty();
            assertThat(handshake.extensions()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = { "v2 .chat|v1.chat/permessage-deflate;client_max_window_bits|x-webkit-deflate-frame",
                "v2.chat|v1.chat/permessage-deflate;client_max_window_bits=|x", "v2.chat|v2.chat/" })
        void begunOnTheRequestItRefusesOffersThatAreNotValid(String written) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidatorTest.this.chat.beginClientHandshake(request(written)));
        }

        /** {@code protocol lines/extension lines}, each list split at {@code |}. */
        private static Map<String, List<String>> request(String written) {
            String[] headers = written.split("/", -1);
            Map<String, List<String>> request = new HashMap<>();
            request.put("Sec-WebSocket-Key", List.of(RFC_KEY));
            request.put("Host", List.of("example.com"));
            request.put("Sec-WebSocket-Protocol", List.of(headers[0].split("\\|", -1)));
            request.put("Sec-WebSocket-Extensions", List.of(headers[1].split("\\|", -1)));
            return request;
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "short", "dGhlIHNhbXBsZSBub25jZQ=!", "dGhlIHNhbXBsZSBub25jZQ==AAAA",
                "dGhlIHNhbXBsZSBub25jZ===", "dGhlIHNhbXBsZSBub25j=Q==", "dGhlIHNhbXBsZSBub25jZQAA",
                "dGhlIHNhbXBsZSBub25jZ.==" })
        void rejectsAKeyThatIsNotSixteenBytes(String key) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidatorTest.this.chat.clientHandshake(key, List.of(), List.of()))
                    .withMessageContaining("Sec-WebSocket-Key");
        }

        @Test
        void rejectsARequestWithoutKey() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidatorTest.this.chat.clientHandshake(Map.of()))
                    .withMessageContaining("exactly one Sec-WebSocket-Key");
        }
    }

    @Nested
    class StatusAndHeaders {

        private final ClientHandshake handshake = HandshakeValidator.builder().build().beginClientHandshake();

        private final HandshakeValidator validator = HandshakeValidator.builder().build();

        private ServerAnswer valid() {
            return ServerAnswer.validFor(this.handshake.key());
        }

        private HandshakeException failure(int status, ServerAnswer answer) {
            return org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                    () -> this.validator.endClientHandshake(this.handshake, status, answer.headers()));
        }

        @Test
        void acceptsAMinimalValidAnswer() {
            HandshakeResult result = this.validator.endClientHandshake(this.handshake, 101, valid().headers());
            assertThat(result.subprotocolIndex()).isEqualTo(-1);
            assertThat(result.subprotocol()).isEmpty();
            assertThat(result.extensions()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(ints = { 200, 100, 301, 400, 0, -1 })
        void statusMustBe101(int status) {
            HandshakeException ex = failure(status, valid());
            assertThat(ex.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
            assertThat(ex.error()).isEqualTo(HandshakeError.INVALID_PROTOCOL_FORMAT);
            assertThat(ex.header()).isEmpty();
            assertThat(ex.getMessage()).contains(String.valueOf(status));
        }

        @ParameterizedTest
        @ValueSource(strings = { "websocket", "WebSocket", "WEBSOCKET", " websocket ", "websocket," })
        void upgradeIsWebsocketInAnyCase(String upgrade) {
            assertThat(this.validator.endClientHandshake(this.handshake, 101, valid().set("Upgrade", upgrade)
                    .headers())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "h2c", "websocket, h2c", "websocket/13", "web socket", "\"websocket\"" })
        void upgradeMustBeTheSingleValueWebsocket(String upgrade) {
            HandshakeException ex = failure(101, valid().set("Upgrade", upgrade));
            assertThat(ex.reason()).isEqualTo(FailureReason.UPGRADE_INVALID);
            assertThat(ex.header()).contains("Upgrade");
        }

        @Test
        void upgradeOnTwoLinesIsTwoValues() {
            assertThat(failure(101, valid().set("Upgrade", "websocket", "websocket")).reason())
                    .isEqualTo(FailureReason.UPGRADE_INVALID);
        }

        @Test
        void upgradeMissing() {
            HandshakeException ex = failure(101, valid().remove("Upgrade"));
            assertThat(ex.reason()).isEqualTo(FailureReason.UPGRADE_INVALID);
            assertThat(ex.getMessage()).contains("missing");
        }

        @ParameterizedTest
        @ValueSource(strings = { "Upgrade", "upgrade", "UPGRADE", "keep-alive, Upgrade", "Upgrade ,keep-alive",
                ",upgrade," })
        void connectionHoldsUpgradeInAnyCase(String connection) {
            assertThat(this.validator.endClientHandshake(this.handshake, 101,
                    valid().set("Connection", connection).headers())).isNotNull();
        }

        @Test
        void connectionTokenMayStandOnAnyLine() {
            assertThat(this.validator.endClientHandshake(this.handshake, 101,
                    valid().set("Connection", "keep-alive", "upgrade").headers())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "keep-alive", "upgraded", "up grade", "close" })
        void connectionWithoutUpgrade(String connection) {
            HandshakeException ex = failure(101, valid().set("Connection", connection));
            assertThat(ex.reason()).isEqualTo(FailureReason.CONNECTION_INVALID);
            assertThat(ex.header()).contains("Connection");
        }

        @Test
        void connectionMissing() {
            assertThat(failure(101, valid().remove("Connection")).reason())
                    .isEqualTo(FailureReason.CONNECTION_INVALID);
        }

        @Test
        void acceptIgnoresSurroundingWhitespace() {
            String accept = SecWebSocketAccept.forKey(this.handshake.key());
            assertThat(this.validator.endClientHandshake(this.handshake, 101,
                    valid().set("Sec-WebSocket-Accept", " \t" + accept + " ").headers())).isNotNull();
        }

        @Test
        void acceptMustMatchTheKey() {
            HandshakeException ex = failure(101, valid().set("Sec-WebSocket-Accept", RFC_ACCEPT));
            assertThat(ex.reason()).isEqualTo(FailureReason.ACCEPT_MISMATCH);
            assertThat(ex.header()).contains("Sec-WebSocket-Accept");
            assertThat(ex.getMessage()).contains(RFC_ACCEPT)
                    .contains(SecWebSocketAccept.forKey(this.handshake.key()));
        }

        @Test
        void acceptIsComparedExactly() {
            String accept = SecWebSocketAccept.forKey(this.handshake.key());
            String otherCase = accept.toLowerCase().equals(accept) ? accept.toUpperCase() : accept.toLowerCase();
            assertThat(failure(101, valid().set("Sec-WebSocket-Accept", otherCase)).reason())
                    .isEqualTo(FailureReason.ACCEPT_MISMATCH);
        }

        @Test
        void acceptMissing() {
            HandshakeException ex = failure(101, valid().remove("Sec-WebSocket-Accept"));
            assertThat(ex.reason()).isEqualTo(FailureReason.ACCEPT_MISSING_OR_REPEATED);
            assertThat(ex.getMessage()).contains("missing");
        }

        @Test
        void acceptTwiceEvenWhenBothAreRight() {
            String accept = SecWebSocketAccept.forKey(this.handshake.key());
            assertThat(failure(101, valid().set("Sec-WebSocket-Accept", accept, accept)).reason())
                    .isEqualTo(FailureReason.ACCEPT_MISSING_OR_REPEATED);
        }

        @Test
        void headerNamesInAnyCaseAreOneHeader() {
            String accept = SecWebSocketAccept.forKey(this.handshake.key());
            Map<String, List<String>> answer = ServerAnswer.empty().set("UPGRADE", "websocket")
                    .set("connection", "upgrade").set("sec-websocket-accept", accept).headers();
            assertThat(this.validator.endClientHandshake(this.handshake, 101, answer)).isNotNull();
            answer.put("SEC-WEBSOCKET-ACCEPT", List.of(accept));
            assertThat(assertFails(answer).reason()).isEqualTo(FailureReason.ACCEPT_MISSING_OR_REPEATED);
        }

        @Test
        void nullNamesListsAndLinesAreIgnored() {
            Map<String, List<String>> answer = new HashMap<>(valid().headers());
            answer.put(null, List.of("HTTP/1.1 101 Switching Protocols"));
            answer.put("X-Null", null);
            answer.put("Connection", java.util.Arrays.asList(null, "Upgrade"));
            assertThat(this.validator.endClientHandshake(this.handshake, 101, answer)).isNotNull();
        }

        @Test
        void headersLargerThanTheLimitFailBeforeAnyOtherHeaderRule() {
            HandshakeValidator small = HandshakeValidator.builder().maxHeaderSize(300).build();
            Map<String, List<String>> answer = valid().set("X-Padding", "a".repeat(100)).headers();
            assertThat(small.endClientHandshake(this.handshake, 101, answer)).isNotNull();
            answer.put("X-More", List.of("b".repeat(200)));
            answer.remove("Upgrade");
            HandshakeException ex = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                    () -> small.endClientHandshake(this.handshake, 101, answer));
            assertThat(ex.reason()).isEqualTo(FailureReason.HEADERS_TOO_LARGE);
            assertThat(ex.error()).isEqualTo(HandshakeError.INVALID_PROTOCOL_FORMAT);
            assertThat(ex.getMessage()).contains("more than the limit of 300");
        }

        @Test
        void defaultLimitIs64KiB() {
            assertThat(this.validator.maxHeaderSize()).isEqualTo(64 * 1024);
            Map<String, List<String>> answer = valid().set("X-Padding", "a".repeat(70 * 1024)).headers();
            assertThat(assertFails(answer).reason()).isEqualTo(FailureReason.HEADERS_TOO_LARGE);
        }

        @Test
        void firstFailureInRuleOrderIsReported() {
            ServerAnswer broken = ServerAnswer.empty().set("Sec-WebSocket-Protocol", "a, b")
                    .set("Sec-WebSocket-Extensions", ";");
            assertThat(failure(200, broken).reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
            assertThat(failure(101, broken).reason()).isEqualTo(FailureReason.UPGRADE_INVALID);
            broken.set("Upgrade", "websocket");
            assertThat(failure(101, broken).reason()).isEqualTo(FailureReason.CONNECTION_INVALID);
            broken.set("Connection", "upgrade");
            assertThat(failure(101, broken).reason()).isEqualTo(FailureReason.ACCEPT_MISSING_OR_REPEATED);
            broken.set("Sec-WebSocket-Accept", SecWebSocketAccept.forKey(this.handshake.key()));
            assertThat(failure(101, broken).reason()).isEqualTo(FailureReason.SUBPROTOCOL_MALFORMED);
            broken.set("Sec-WebSocket-Protocol", "unoffered");
            assertThat(failure(101, broken).reason()).isEqualTo(FailureReason.EXTENSIONS_MALFORMED);
            broken.set("Sec-WebSocket-Extensions", "unoffered-extension");
            assertThat(failure(101, broken).reason()).isEqualTo(FailureReason.SUBPROTOCOL_NOT_OFFERED);
            broken.remove("Sec-WebSocket-Protocol");
            assertThat(failure(101, broken).reason()).isEqualTo(FailureReason.EXTENSION_NOT_OFFERED);
        }

        private HandshakeException assertFails(Map<String, List<String>> answer) {
            return org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                    () -> this.validator.endClientHandshake(this.handshake, 101, answer));
        }
    }

    @Nested
    class Subprotocol {

        private final ClientHandshake handshake = HandshakeValidatorTest.this.chat.beginClientHandshake();

        private HandshakeResult answer(ServerAnswer answer) {
            return HandshakeValidatorTest.this.chat.endClientHandshake(this.handshake, 101, answer.headers());
        }

        private HandshakeException failure(HandshakeValidator validator, ServerAnswer answer) {
            return org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                    () -> validator.endClientHandshake(this.handshake, 101, answer.headers()));
        }

        private ServerAnswer valid() {
            return ServerAnswer.validFor(this.handshake.key());
        }

        @Test
        void indexOfTheChosenOffer() {
            assertThat(answer(valid().protocol("v2.chat")).subprotocolIndex()).isZero();
            assertThat(answer(valid().protocol(" v1.chat\t")).subprotocolIndex()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "  ", "v2.chat, v1.chat", "v2.chat,", "\"v2.chat\"", "v2 chat", "v2.chat;q=1" })
        void mustBeOneToken(String value) {
            HandshakeException ex = failure(HandshakeValidatorTest.this.chat, valid().protocol(value));
            assertThat(ex.reason()).isEqualTo(FailureReason.SUBPROTOCOL_MALFORMED);
            assertThat(ex.error()).isEqualTo(HandshakeError.INVALID_PROTOCOL_FORMAT);
            assertThat(ex.header()).contains("Sec-WebSocket-Protocol");
        }

        @Test
        void mustStandOnOneLine() {
            assertThat(failure(HandshakeValidatorTest.this.chat,
                    valid().set("Sec-WebSocket-Protocol", "v2.chat", "v2.chat")).reason())
                    .isEqualTo(FailureReason.SUBPROTOCOL_MALFORMED);
        }

        @ParameterizedTest
        @ValueSource(strings = { "v3.chat", "V2.CHAT", "v2.cha" })
        void notOfferedIsUnsupported(String value) {
            HandshakeException ex = failure(HandshakeValidatorTest.this.chat, valid().protocol(value));
            assertThat(ex.reason()).isEqualTo(FailureReason.SUBPROTOCOL_NOT_OFFERED);
            assertThat(ex.error()).isEqualTo(HandshakeError.UNSUPPORTED_SUBPROTOCOL);
            assertThat(ex.getMessage()).contains(value);
        }

        @Test
        void anyWhenNoneWasOfferedIsUnsupported() {
            HandshakeValidator none = HandshakeValidator.builder().build();
            ClientHandshake handshake = none.beginClientHandshake();
            HandshakeException ex = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                    () -> none.endClientHandshake(handshake, 101,
                            ServerAnswer.validFor(handshake.key()).protocol("v1.chat").headers()));
            assertThat(ex.error()).isEqualTo(HandshakeError.UNSUPPORTED_SUBPROTOCOL);
            assertThat(ex.getMessage()).contains("none was offered");
        }

        @Test
        void noneChosenFailsWhenRequired() {
            HandshakeException ex = failure(HandshakeValidatorTest.this.chat, valid());
            assertThat(ex.reason()).isEqualTo(FailureReason.SUBPROTOCOL_MISSING);
            assertThat(ex.error()).isEqualTo(HandshakeError.UNSUPPORTED_SUBPROTOCOL);
        }

        @Test
        void noneChosenSucceedsWhenNotRequired() {
            HandshakeValidator optional = HandshakeValidator.builder().subprotocols(List.of("v2.chat"))
                    .subprotocolRequired(false).build();
            ClientHandshake handshake = optional.beginClientHandshake();
            HandshakeResult result = optional.endClientHandshake(handshake, 101,
                    ServerAnswer.validFor(handshake.key()).headers());
            assertThat(result.subprotocolIndex()).isEqualTo(-1);
            assertThat(result.subprotocol()).isEmpty();
            assertThat(optional.subprotocolRequired()).isFalse();
        }
    }

    @Nested
    class Offers {

        @ParameterizedTest
        @ValueSource(strings = { "", "a b", "a,b", "a\r\nX-Injected: 1", "chat;v=1", "\"quoted\"", "caf\u00e9" })
        void subprotocolMustBeAToken(String subprotocol) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidator.builder().subprotocols(List.of("ok", subprotocol)).build())
                    .withMessageContaining("Subprotocol offer [1]").withMessageContaining("not an RFC 7230 token")
                    .withMessageNotContaining("\r").withMessageNotContaining("\n");
        }

        @Test
        void subprotocolOfferedTwice() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidator.builder().subprotocols(List.of("a", "b", "a")).build())
                    .withMessageContaining("[2] \"a\" is offered twice");
        }

        @Test
        void subprotocolsDifferingInCaseAreDistinct() {
            assertThat(HandshakeValidator.builder().subprotocols(List.of("chat", "Chat")).build().subprotocols())
                    .containsExactly("chat", "Chat");
        }

        @ParameterizedTest
        @ValueSource(strings = { "", "foo;", "foo;=", "foo; a=\"b", "foo, bar", "foo bar", ";foo" })
        void extensionOfferMustBeOneElement(String offer) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidator.builder().extensions(List.of(offer)).build())
                    .withMessageContaining("Extension offer");
        }

        @Test
        void extensionOfferWithCrLf() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidator.builder()
                            .extensions(List.of("permessage-deflate", "foo\r\nX-Evil: 1")).build())
                    .withMessageContaining("[1]").withMessageContaining("CR or LF")
                    .withMessageContaining("\\r\\n").withMessageNotContaining("\r");
        }

        @ParameterizedTest
        @ValueSource(strings = { "permessage-deflate; foo", "permessage-deflate; server_max_window_bits",
                "permessage-deflate; server_max_window_bits=16", "permessage-deflate; client_max_window_bits=07",
                "permessage-deflate; server_no_context_takeover=1",
                "permessage-deflate; server_no_context_takeover; server_no_context_takeover" })
        void permessageDeflateOfferWithBadParameters(String offer) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> HandshakeValidator.builder().extensions(List.of(offer)).build())
                    .withMessageContaining("Invalid permessage-deflate offer");
        }

        @Test
        void extensionsWithoutNegotiatorAreNotJudged() {
            assertThat(HandshakeValidator.builder().extensions(List.of("x-foo; anything=\"goes\"")).build()
                    .extensions()).extracting(ExtensionElement::toString).containsExactly("x-foo; anything=goes");
        }

        @Test
        void aUserNegotiatorReplacesTheBuiltInOne() {
            ExtensionNegotiator strictest = PerMessageDeflateNegotiator.withMinimumClientWindowBits(15);
            HandshakeValidator validator = HandshakeValidator.builder().negotiator(strictest).build();
            assertThat(validator.negotiators()).containsEntry("permessage-deflate", strictest).hasSize(1);
        }
    }
}
