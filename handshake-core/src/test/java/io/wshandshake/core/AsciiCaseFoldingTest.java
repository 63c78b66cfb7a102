package io.wshandshake.core;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * HTTP's case-insensitivity is ASCII only (RFC 9110 section 5.1 for field names, sections 7.6.1 and 7.8 for the
 * tokens of {@code Connection} and {@code Upgrade}): the characters that Java's Unicode folding maps onto ASCII
 * letters (Kelvin sign U+212A, dotless i U+0131, long s U+017F) name other headers and other tokens.
 */
class AsciiCaseFoldingTest {

    private static final String KELVIN = "\u212A";

    private static final String DOTLESS_I = "\u0131";

    private static final String LONG_S = "\u017F";

    private static final String CAPITAL_I_WITH_DOT = "\u0130";

    private final HandshakeValidator validator = HandshakeValidator.builder().build();

    private final ClientHandshake handshake = this.validator.beginClientHandshake();

    private ServerAnswer valid() {
        return ServerAnswer.validFor(this.handshake.key());
    }

    private HandshakeException failure(ServerAnswer answer) {
        return org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                () -> this.validator.endClientHandshake(this.handshake, 101, answer.headers()));
    }

    @Test
    void javaFoldsTheseCharactersOntoAscii() {
        // The premise: without the ASCII-only rule these would all match.
        assertThat(("websoc" + KELVIN + "et").equalsIgnoreCase("websocket")).isTrue();
        assertThat(("Connect" + DOTLESS_I + "on").equalsIgnoreCase("Connection")).isTrue();
        assertThat((LONG_S + "ec-WebSocket-Accept").equalsIgnoreCase("Sec-WebSocket-Accept")).isTrue();
        assertThat(("Connect" + CAPITAL_I_WITH_DOT + "on").regionMatches(true, 0, "Connection", 0, 10)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "websoc\u212Aet", "WEBSOC\u212AET", "web\u017Focket" })
    void upgradeTokenIsFoldedInAsciiOnly(String upgrade) {
        HandshakeException ex = failure(valid().set("Upgrade", upgrade));
        assertThat(ex.reason()).isEqualTo(FailureReason.UPGRADE_INVALID);
        assertThat(ex.getMessage()).contains("\\u");
    }

    @Test
    void upgradeTokenInAnotherAsciiCaseIsAccepted() {
        assertThat(this.validator.endClientHandshake(this.handshake, 101,
                valid().set("Upgrade", "WebSocKet").headers())).isNotNull();
    }

    /**
     * A look-alike name is not the header it folds onto, and, not being a token (RFC 9110 section 5.1), is refused
     * as a malformed line, as the raw-head parser refuses it.
     */
    @ParameterizedTest
    @ValueSource(strings = { "Connect\u0131on", "CONNECT\u0131ON", "Connect\u0130on", "\u017Fec-WebSocket-Accept",
            "\u017Fec-WebSocket-Protocol", "\u017Fec-WebSocket-Extensions" })
    void lookAlikeNamesAreNoHeaderOfOurs(String name) {
        assertThat(HttpTokens.equalsIgnoreAsciiCase(name, "Connection")).isFalse();
        HandshakeException ex = failure(valid().set(name, "Upgrade"));
        assertThat(ex.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(ex.getMessage()).contains("not a token");
    }

    @Test
    void headerNamesInAnotherAsciiCaseAreTheSameHeader() {
        String accept = SecWebSocketAccept.forKey(this.handshake.key());
        Map<String, List<String>> answer = ServerAnswer.empty().set("uPGRADE", "websocket")
                .set("CONNECTION", "upgrade").set("sec-WEBSOCKET-accept", accept).headers();
        assertThat(this.validator.endClientHandshake(this.handshake, 101, answer)).isNotNull();
    }

    @Test
    void subprotocolNameInAnotherAsciiCaseIsTheSameHeader() {
        HandshakeValidator chat = HandshakeValidator.builder().subprotocols(List.of("chat")).build();
        ClientHandshake offered = chat.beginClientHandshake();
        Map<String, List<String>> answer = ServerAnswer.validFor(offered.key())
                .set("SEC-WEBSOCKET-PROTOCOL", "chat").headers();
        assertThat(chat.endClientHandshake(offered, 101, answer).subprotocol()).contains("chat");
    }

    @Test
    void requestHeaderNamesAreFoldedInAsciiOnly() {
        String key = this.handshake.key();
        assertThat(this.validator.clientHandshake(Map.of("SEC-websocket-KEY", List.of(key))).key()).isEqualTo(key);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.validator.clientHandshake(Map.of(LONG_S + "ec-WebSocket-Key", List.of(key))))
                .withMessageContaining("exactly one Sec-WebSocket-Key");
    }

    @Test
    void asciiFoldingHelperBothWays() {
        assertThat(HttpTokens.equalsIgnoreAsciiCase("xUPGRADEy", 1, 8, "upgrade")).isTrue();
        assertThat(HttpTokens.equalsIgnoreAsciiCase("websoc" + KELVIN + "et", "websocket")).isFalse();
        assertThat(HttpTokens.equalsIgnoreAsciiCase("websocket", "websockets")).isFalse();
        // Only A-Z fold: '@' and '`' (0x40, 0x60) and '[' and '{' differ by the same bit but are not letters.
        assertThat(HttpTokens.equalsIgnoreAsciiCase("@", "`")).isFalse();
        assertThat(HttpTokens.equalsIgnoreAsciiCase("[", "{")).isFalse();
    }
}
