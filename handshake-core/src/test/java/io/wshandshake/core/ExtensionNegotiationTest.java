package io.wshandshake.core;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExtensionNegotiationTest {

    private static HandshakeResult negotiate(List<String> offers, String... answerLines) {
        return negotiate(HandshakeValidator.builder().extensions(offers).build(), answerLines);
    }

    private static HandshakeResult negotiate(HandshakeValidator validator, String... answerLines) {
        ClientHandshake handshake = validator.beginClientHandshake();
        ServerAnswer answer = ServerAnswer.validFor(handshake.key());
        if (answerLines.length > 0) {
            answer.extensions(answerLines);
        }
        return validator.endClientHandshake(handshake, 101, answer.headers());
    }

    private static HandshakeException rejected(List<String> offers, String... answerLines) {
        return assertThrows(HandshakeException.class, () -> negotiate(offers, answerLines));
    }

    @Test
    void rfc7692Section5Example() {
        // The client offers a 10-bit server window first, then plain permessage-deflate as a fallback.
        List<String> offers = List.of("permessage-deflate; client_max_window_bits; server_max_window_bits=10",
                "permessage-deflate; client_max_window_bits");
        HandshakeResult first = negotiate(offers, "permessage-deflate; server_max_window_bits=10");
        assertThat(first.extensionIndices()).containsExactly(0);
        assertThat(first.perMessageDeflate()).contains(new PerMessageDeflateParameters(false, false, 10, 15));

        HandshakeResult fallback = negotiate(offers, "permessage-deflate");
        assertThat(fallback.extensionIndices()).containsExactly(1);
        assertThat(fallback.perMessageDeflate()).contains(new PerMessageDeflateParameters(false, false, 15, 15));
    }

    @Test
    void rfc7692Section7Point1Point3ExampleAllParameters() {
        HandshakeResult result = negotiate(List.of("permessage-deflate; server_no_context_takeover; "
                + "client_no_context_takeover; server_max_window_bits=12; client_max_window_bits=11"),
                "permessage-deflate;server_no_context_takeover;client_no_context_takeover;"
                        + "server_max_window_bits=\"10\";client_max_window_bits=9");
        assertThat(result.perMessageDeflate()).contains(new PerMessageDeflateParameters(true, true, 10, 9));
        NegotiatedExtension extension = result.extensions().get(0);
        assertThat(extension.name()).isEqualTo("permessage-deflate");
        assertThat(extension.offerIndex()).isZero();
        assertThat(extension.parameters()).contains(ExtensionParameter.of("server_max_window_bits", "10"));
    }

    @Test
    void serverMayLimitItsWindowUnasked() {
        assertThat(negotiate(List.of("permessage-deflate"), "permessage-deflate; server_max_window_bits=8")
                .perMessageDeflate()).contains(new PerMessageDeflateParameters(false, false, 8, 15));
    }

    @Test
    void clientNoContextTakeoverMayBeAnsweredUnasked() {
        assertThat(negotiate(List.of("permessage-deflate"), "permessage-deflate; client_no_context_takeover")
                .perMessageDeflate()).contains(new PerMessageDeflateParameters(false, true, 15, 15));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // RFC 7692 section 7.1.1.2: an offered client_no_context_takeover binds the client even unanswered.
            "permessage-deflate; client_no_context_takeover | permessage-deflate | true | 15",
            "permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover | true | 15",
            "permessage-deflate | permessage-deflate | false | 15",
            // Section 7.1.2.2: an offered client_max_window_bits=N is a window of at most N bits even unanswered.
            "permessage-deflate; client_max_window_bits=10 | permessage-deflate | false | 10",
            "permessage-deflate; client_max_window_bits=10 | permessage-deflate; client_max_window_bits=9 | false | 9",
            "permessage-deflate; client_max_window_bits | permessage-deflate | false | 15" })
    void effectiveClientParametersIncludeTheOffer(String offer, String answer, boolean clientNoContextTakeover,
            int clientMaxWindowBits) {
        assertThat(negotiate(List.of(offer), answer).perMessageDeflate())
                .contains(new PerMessageDeflateParameters(false, clientNoContextTakeover, 15, clientMaxWindowBits));
    }

    @Test
    void clientWindowAnsweredToAHint() {
        assertThat(negotiate(List.of("permessage-deflate; client_max_window_bits"),
                "permessage-deflate; client_max_window_bits=12").perMessageDeflate())
                .contains(new PerMessageDeflateParameters(false, false, 15, 12));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate | permessage-deflate; foo | unknown parameter",
            "permessage-deflate | permessage-deflate; server_no_context_takeover; server_no_context_takeover | more than once",
            "permessage-deflate | permessage-deflate; server_max_window_bits=10; server_max_window_bits=10 | more than once",
            "permessage-deflate | permessage-deflate; server_no_context_takeover=1 | must have no value",
            "permessage-deflate | permessage-deflate; client_no_context_takeover=\"x\" | must have no value",
            "permessage-deflate | permessage-deflate; server_max_window_bits | from 8 to 15",
            "permessage-deflate | permessage-deflate; server_max_window_bits=7 | from 8 to 15",
            "permessage-deflate | permessage-deflate; server_max_window_bits=16 | from 8 to 15",
            "permessage-deflate | permessage-deflate; server_max_window_bits=010 | from 8 to 15",
            "permessage-deflate | permessage-deflate; server_max_window_bits=0x0a | from 8 to 15",
            "permessage-deflate; client_max_window_bits | permessage-deflate; client_max_window_bits | from 8 to 15",
            "permessage-deflate; client_max_window_bits | permessage-deflate; client_max_window_bits=08 | from 8 to 15",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate | offered but not answered",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=11 | larger than the 10 offered",
            "permessage-deflate | permessage-deflate; client_max_window_bits=15 | answered but not offered",
            "permessage-deflate; client_max_window_bits=10 | permessage-deflate; client_max_window_bits=11 | larger than the 10 offered",
            "permessage-deflate; server_no_context_takeover | permessage-deflate | offered but not answered" })
    void rfc7692Section7Point1Rejections(String offer, String answer, String why) {
        HandshakeException ex = rejected(List.of(offer), answer);
        assertThat(ex.error()).isEqualTo(HandshakeError.UNSUPPORTED_EXTENSION);
        assertThat(ex.reason()).isEqualTo(FailureReason.EXTENSION_PARAMETERS_REJECTED);
        assertThat(ex.header()).contains("Sec-WebSocket-Extensions");
        assertThat(ex.getMessage()).contains(why);
    }

    @Test
    void firstOfferTheAnswerIsValidForWins() {
        List<String> offers = List.of("permessage-deflate; server_max_window_bits=9",
                "permessage-deflate; server_max_window_bits=12", "permessage-deflate");
        assertThat(negotiate(offers, "permessage-deflate; server_max_window_bits=11").extensionIndices())
                .containsExactly(1);
        assertThat(negotiate(offers, "permessage-deflate; server_max_window_bits=9").extensionIndices())
                .containsExactly(0);
    }

    @Test
    void notOffered() {
        HandshakeException ex = rejected(List.of("permessage-deflate"), "x-webkit-deflate-frame");
        assertThat(ex.reason()).isEqualTo(FailureReason.EXTENSION_NOT_OFFERED);
        assertThat(ex.error()).isEqualTo(HandshakeError.UNSUPPORTED_EXTENSION);
    }

    @Test
    void anyWhenNoneOffered() {
        assertThat(rejected(List.of(), "permessage-deflate").reason()).isEqualTo(FailureReason.EXTENSION_NOT_OFFERED);
    }

    @Test
    void namesAreCaseSensitive() {
        assertThat(rejected(List.of("permessage-deflate"), "Permessage-Deflate").reason())
                .isEqualTo(FailureReason.EXTENSION_NOT_OFFERED);
        assertThat(rejected(List.of("permessage-deflate"), "permessage-deflate; Server_No_Context_Takeover")
                .getMessage()).contains("unknown parameter");
    }

    @Test
    void answeredTwiceEvenOnTwoLines() {
        List<String> offers = List.of("permessage-deflate", "permessage-deflate; client_max_window_bits");
        assertThat(rejected(offers, "permessage-deflate, permessage-deflate").reason())
                .isEqualTo(FailureReason.EXTENSION_REPEATED);
        assertThat(rejected(offers, "permessage-deflate", "permessage-deflate").reason())
                .isEqualTo(FailureReason.EXTENSION_REPEATED);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "permessage-deflate;", "permessage-deflate; =1", "permessage-deflate; a=\"1" })
    void malformedIsInvalidProtocolFormat(String answer) {
        HandshakeException ex = rejected(List.of("permessage-deflate"), answer);
        assertThat(ex.reason()).isEqualTo(FailureReason.EXTENSIONS_MALFORMED);
        assertThat(ex.error()).isEqualTo(HandshakeError.INVALID_PROTOCOL_FORMAT);
    }

    @Test
    void aRefusedExtensionIsReportedOnlyAfterTheWholeHeaderPassesTheGrammar() {
        // The first answer is not offered, but a later one breaks the grammar: syntax comes first in rule order.
        assertThat(rejected(List.of("permessage-deflate"), "x-unoffered, permessage-deflate;").reason())
                .isEqualTo(FailureReason.EXTENSIONS_MALFORMED);
        assertThat(rejected(List.of("permessage-deflate"), "x-unoffered", "permessage-deflate; =").reason())
                .isEqualTo(FailureReason.EXTENSIONS_MALFORMED);
    }

    @Test
    void aRefusedExtensionIsReportedOnlyAfterTheSubprotocolChoice() {
        HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("chat"))
                .extensions(List.of("permessage-deflate")).build();
        ClientHandshake handshake = validator.beginClientHandshake();
        HandshakeException ex = assertThrows(HandshakeException.class, () -> validator.endClientHandshake(handshake,
                101, ServerAnswer.validFor(handshake.key()).extensions("x-unoffered").headers()));
        assertThat(ex.reason()).isEqualTo(FailureReason.SUBPROTOCOL_MISSING);
    }

    @Test
    void withoutNegotiatorTheAnswerMustRepeatAnOfferInAnyOrder() {
        List<String> offers = List.of("x-foo; a=1; b", "x-foo; c");
        HandshakeResult result = negotiate(offers, "x-foo; b; a=\"1\"");
        assertThat(result.extensionIndices()).containsExactly(0);
        assertThat(result.extensions().get(0).agreement(ExtensionElement.class)).isPresent();
        assertThat(negotiate(offers, "x-foo;c").extensionIndices()).containsExactly(1);
        assertThat(rejected(offers, "x-foo; a=2; b").reason()).isEqualTo(FailureReason.EXTENSION_PARAMETERS_REJECTED);
        assertThat(rejected(offers, "x-foo; a=1").reason()).isEqualTo(FailureReason.EXTENSION_PARAMETERS_REJECTED);
        assertThat(rejected(offers, "x-foo").reason()).isEqualTo(FailureReason.EXTENSION_PARAMETERS_REJECTED);
    }

    @Test
    void extensionIndicesFollowTheServersOrder() {
        List<String> offers = List.of("x-a", "permessage-deflate", "x-b");
        HandshakeResult result = negotiate(offers, "x-b, permessage-deflate", "x-a");
        assertThat(result.extensionIndices()).containsExactly(2, 1, 0);
        assertThat(result.extensions()).extracting(NegotiatedExtension::name)
                .containsExactly("x-b", "permessage-deflate", "x-a");
    }

    @Test
    void twoExtensionsOnTheSameRsvBitConflict() {
        HandshakeValidator validator = HandshakeValidator.builder().negotiator(new TestNegotiator("x-rsv1", RsvBit.RSV1))
                .negotiator(new TestNegotiator("x-rsv2", RsvBit.RSV2))
                .extensions(List.of("permessage-deflate", "x-rsv1", "x-rsv2")).build();
        assertThat(negotiate(validator, "permessage-deflate, x-rsv2; ok").extensionIndices()).containsExactly(0, 2);
        HandshakeException ex = assertThrows(HandshakeException.class,
                () -> negotiate(validator, "permessage-deflate, x-rsv1; ok"));
        assertThat(ex.reason()).isEqualTo(FailureReason.EXTENSION_RSV_CONFLICT);
        assertThat(ex.error()).isEqualTo(HandshakeError.UNSUPPORTED_EXTENSION);
        assertThat(ex.getMessage()).contains("RSV1").contains("permessage-deflate").contains("x-rsv1");
    }

    @Test
    void aCustomNegotiatorJudgesItsExtension() {
        HandshakeValidator validator = HandshakeValidator.builder().negotiator(new TestNegotiator("x-rsv2", RsvBit.RSV2))
                .extensions(List.of("x-rsv2; level=1")).build();
        HandshakeResult result = negotiate(validator, "x-rsv2; ok");
        assertThat(result.extensions().get(0).agreement(String.class)).contains("agreed x-rsv2; ok");
        HandshakeException ex = assertThrows(HandshakeException.class, () -> negotiate(validator, "x-rsv2"));
        assertThat(ex.getMessage()).contains("needs ok");
        IllegalArgumentException badOffer = assertThrows(IllegalArgumentException.class,
                () -> HandshakeValidator.builder().negotiator(new TestNegotiator("x-rsv2", RsvBit.RSV2))
                        .extensions(List.of("x-rsv2; forbidden")).build());
        assertThat(badOffer).hasMessageContaining("forbidden");
    }

    @Test
    void minimumClientWindowBitsRejectsSmallerWindows() {
        HandshakeValidator tomcatLike = HandshakeValidator.builder()
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15))
                .extensions(List.of("permessage-deflate; client_max_window_bits")).build();
        assertThat(negotiate(tomcatLike, "permessage-deflate; client_max_window_bits=15").perMessageDeflate())
                .contains(new PerMessageDeflateParameters(false, false, 15, 15));
        HandshakeException ex = assertThrows(HandshakeException.class,
                () -> negotiate(tomcatLike, "permessage-deflate; client_max_window_bits=12"));
        assertThat(ex.getMessage()).contains("below the 15 bits");
        assertThrows(IllegalArgumentException.class, () -> HandshakeValidator.builder()
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15))
                .extensions(List.of("permessage-deflate; client_max_window_bits=12")).build());
    }

    /** Accepts an answer with the parameter {@code ok}; rejects offers with the parameter {@code forbidden}. */
    private record TestNegotiator(String extensionName, RsvBit bit) implements ExtensionNegotiator {

        @Override
        public Set<RsvBit> rsvBits() {
            return Set.of(this.bit);
        }

        @Override
        public void checkOffer(ExtensionElement offer) {
            if (offer.parameter("forbidden").isPresent()) {
                throw new IllegalArgumentException("forbidden is not allowed");
            }
        }

        @Override
        public Negotiation negotiate(ExtensionElement offer, ExtensionElement answer) {
            return answer.parameter("ok").isPresent() ? Negotiation.accepted("agreed " + answer)
                    : Negotiation.rejected("needs ok");
        }
    }
}
