package io.wshandshake.core;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each refusal of the validator carries its data for code, not only in its message: the status of an answer other
 * than 101 and the offending value, raw as the server sent it.
 */
class HandshakeFailureDataTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
            .extensions(List.of("permessage-deflate; client_max_window_bits")).build();

    @Test
    void aStatusOtherThan101IsTheStatusWithNoValue() {
        HandshakeException failure = refusal(403, ServerAnswer.validFor(KEY));
        assertThat(failure.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(failure.status()).hasValue(403);
        assertThat(failure.value()).isEmpty();
    }

    @Test
    void aStatusThatIsNoStatusCodeIsTheValue() {
        HandshakeException failure = refusal(42, ServerAnswer.validFor(KEY));
        assertThat(failure.status()).isEmpty();
        assertThat(failure.value()).hasValue("42");
    }

    @Test
    void aHeaderFailureHasNoStatusAndTheRawValue() {
        HandshakeException failure = refusal(101, ServerAnswer.validFor(KEY).set("Upgrade", "h2c\"", "websocket"));
        assertThat(failure.reason()).isEqualTo(FailureReason.UPGRADE_INVALID);
        assertThat(failure.status()).isEmpty();
        assertThat(failure.value()).hasValue("h2c\", websocket");
        assertThat(failure.getMessage()).contains("h2c\\\"");
    }

    @Test
    void aWrongAcceptIsTheValueSent() {
        HandshakeException failure = refusal(101, ServerAnswer.validFor(KEY).set("Sec-WebSocket-Accept", " x= "));
        assertThat(failure.reason()).isEqualTo(FailureReason.ACCEPT_MISMATCH);
        assertThat(failure.value()).hasValue("x=");
    }

    @Test
    void aSubprotocolNotOfferedIsTheValue() {
        HandshakeException failure = refusal(101, ServerAnswer.validFor(KEY).protocol("v9.chat"));
        assertThat(failure.reason()).isEqualTo(FailureReason.SUBPROTOCOL_NOT_OFFERED);
        assertThat(failure.value()).hasValue("v9.chat");
    }

    @Test
    void aMissingHeaderHasNoValue() {
        HandshakeException failure = refusal(101, ServerAnswer.validFor(KEY));
        assertThat(failure.reason()).isEqualTo(FailureReason.SUBPROTOCOL_MISSING);
        assertThat(failure.value()).isEmpty();
        assertThat(refusal(101, ServerAnswer.validFor(KEY).remove("Connection")).value()).isEmpty();
    }

    @Test
    void malformedExtensionsAreTheWholeValue() {
        HandshakeException failure = refusal(101,
                ServerAnswer.validFor(KEY).protocol("v1.chat").extensions("permessage-deflate;"));
        assertThat(failure.reason()).isEqualTo(FailureReason.EXTENSIONS_MALFORMED);
        assertThat(failure.value()).hasValue("permessage-deflate;");
    }

    @Test
    void aRefusedExtensionIsTheAnsweredElement() {
        HandshakeException failure = refusal(101,
                ServerAnswer.validFor(KEY).protocol("v1.chat").extensions("x-webkit-deflate-frame"));
        assertThat(failure.reason()).isEqualTo(FailureReason.EXTENSION_NOT_OFFERED);
        assertThat(failure.value()).hasValue("x-webkit-deflate-frame");
    }

    @Test
    void theConstructorTakesThreeDigitStatusesOrNone() {
        assertThat(new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, null, 999, "m", null)
                .status()).hasValue(999);
        assertThat(new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, "HTTP/1.1 x",
                HandshakeException.NO_STATUS, "m", null).status()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> new HandshakeException(
                FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, null, 1000, "m", null))
                .withMessageContaining("1000");
        assertThat(new HandshakeException(FailureReason.ACCEPT_MISMATCH, "Sec-WebSocket-Accept", "m").value())
                .isEmpty();
    }

    private HandshakeException refusal(int status, ServerAnswer answer) {
        Map<String, List<String>> headers = answer.headers();
        return catchThrowableOfType(HandshakeException.class,
                () -> this.validator.endClientHandshake(KEY, status, headers));
    }
}
