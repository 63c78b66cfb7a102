package io.wshandshake.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResponseHeadTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final String VALID = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HandshakeException refusal(String head) {
        return org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                () -> ResponseHead.parse(bytes(head)));
    }

    @Test
    void readsAValidHeadThatTheValidatorThenAccepts() {
        byte[] answer = bytes(VALID + "\u0081frame");
        ResponseHead head = ResponseHead.parse(answer, answer.length, 8192).orElseThrow();
        assertThat(head.version()).isEqualTo("HTTP/1.1");
        assertThat(head.status()).isEqualTo(101);
        assertThat(head.reason()).isEqualTo("Switching Protocols");
        assertThat(head.headers()).containsKeys("Upgrade", "Connection", "Sec-WebSocket-Accept");
        assertThat(head.length()).isEqualTo(VALID.length());
        assertThat(HandshakeValidator.builder().build().endClientHandshake(KEY, head.status(), head.headers()))
                .isNotNull();
    }

    @Test
    void needsMoreUntilTheBlankLineAndNeverWaitsOnAMalformedLine() {
        byte[] answer = bytes(VALID);
        for (int length = 0; length < answer.length; length++) {
            assertThat(ResponseHead.parse(answer, length, 8192)).as("after %d bytes", length).isEmpty();
        }
        byte[] folded = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n , h2c\r\n");
        assertThatExceptionOfType(HandshakeException.class)
                .isThrownBy(() -> ResponseHead.parse(folded, folded.length, 8192))
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED));
    }

    @Test
    void valuesLoseTheirOwsAndLinesOfOneNameStayInOrder() {
        ResponseHead head = ResponseHead.parse(bytes("HTTP/1.1 101 \r\nConnection:\t keep-alive \r\n"
                + "Connection:Upgrade\r\nX-Empty:\r\n\r\n"));
        assertThat(head.reason()).isEmpty();
        assertThat(head.headers().get("Connection")).containsExactly("keep-alive", "Upgrade");
        assertThat(head.headers().get("X-Empty")).containsExactly("");
    }

    @ParameterizedTest
    @ValueSource(strings = { "HTTP/1.1 101", "HTTP/1.1 101 ", "HTTP/1.1 200 OK", "HTTP/1.0 200 OK",
            "HTTP/1.1 101 Switching \u00e9 Protocols" })
    void statusLinesItReads(String statusLine) {
        assertThat(ResponseHead.parse(bytes(statusLine + "\r\n\r\n")).status())
                .isEqualTo(Integer.parseInt(statusLine.substring(9, 12)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // RFC 9110 section 7.8: Upgrade exists only in HTTP/1.1.
            "'HTTP/1.0 101 Switching Protocols\r\n' | 101 in HTTP/1.0",
            "'HTTP/2.0 101 Switching Protocols\r\n' | 101 in HTTP/2.0",
            // RFC 9112 section 4.
            "'HTTP/1.1  101 Switching Protocols\r\n' | status line",
            "'http/1.1 101 Switching Protocols\r\n' | status line",
            "'HTTP/1.1 1010 Switching Protocols\r\n' | status line",
            "'HTTP/11 101 Switching Protocols\r\n' | status line",
            "'ICY 200 OK\r\n' | status line",
            // RFC 9112 section 5.2: a fold, refused rather than unfolded.
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n , h2c\r\n' | folded line",
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\th2c\r\n' | folded line",
            // RFC 9112 section 5.1: whitespace between name and colon.
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade : websocket\r\n' | whitespace before its colon",
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade\t: websocket\r\n' | whitespace before its colon",
            // RFC 9112 section 2.2: bare CR always, bare LF here too.
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade: web\rsocket\r\n' | bare CR",
            "'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\n\n' | bare LF",
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\n\r\n' | bare LF",
            "'HTTP/1.1 101 Switching Protocols\r\n\n' | bare LF",
            // Names and values.
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade websocket\r\n' | no colon",
            "'HTTP/1.1 101 Switching Protocols\r\n: websocket\r\n' | not a token",
            "'HTTP/1.1 101 Switching Protocols\r\nUp(grade): websocket\r\n' | not a token",
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade: web\u0000socket\r\n' | control character",
            "'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\u007f\r\n' | control character" })
    void refusesWhatALenientReaderWouldHideFromTheValidator(String head, String why) {
        HandshakeException ex = refusal(head + "Connection: Upgrade\r\n\r\n");
        assertThat(ex.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(ex.error()).isEqualTo(HandshakeError.INVALID_PROTOCOL_FORMAT);
        assertThat(ex.getMessage()).contains(why);
    }

    @Test
    void aHeadLargerThanTheLimitIsRefusedOnceTheLimitIsRead() {
        byte[] endless = bytes("HTTP/1.1 101 Switching Protocols\r\n" + "a: b\r\n".repeat(4000));
        assertThat(ResponseHead.parse(endless, 8191, 8192)).isEmpty();
        assertThatExceptionOfType(HandshakeException.class)
                .isThrownBy(() -> ResponseHead.parse(endless, endless.length, 8192))
                .satisfies(ex -> assertThat(ex.reason()).isEqualTo(FailureReason.HEADERS_TOO_LARGE));
        byte[] exact = bytes(VALID);
        assertThat(ResponseHead.parse(exact, exact.length, exact.length)).isPresent();
    }

    @Test
    void aWholeAnswerWithoutItsBlankLineIsRefused() {
        assertThat(refusal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n").getMessage())
                .contains("ends before the blank line");
    }

    @Test
    void namesInAnyCaseStayAsSentAndTheValidatorFoldsThemInAsciiOnly() {
        ResponseHead head = ResponseHead.parse(bytes("HTTP/1.1 101 Switching Protocols\r\nUPGRADE: websocket\r\n"
                + "connection: upgrade\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"));
        assertThat(head.headers().keySet()).containsExactly("UPGRADE", "connection", "sec-websocket-accept");
        assertThat(HandshakeValidator.builder().build().endClientHandshake(KEY, 101, head.headers())).isNotNull();
        // U+017F is not a token character: a look-alike name is no header at all.
        assertThat(refusal("HTTP/1.1 101 Switching Protocols\r\n\u017Fec-WebSocket-Accept: x\r\n\r\n").reason())
                .isEqualTo(FailureReason.RESPONSE_MALFORMED);
    }

    @Test
    void aHundredThousandLinesOfOneNameAreAllKeptInOrder() {
        // One pass: 100,000 lines of one name are read, not re-read.
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        head.append("Upgrade: \r\n".repeat(100_000)).append("\r\n");
        assertThat(ResponseHead.parse(bytes(head.toString())).headers().get("Upgrade")).hasSize(100_000);
    }

    @Test
    void argumentsAreChecked() {
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> ResponseHead.parse(new byte[2], 3, 10));
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> ResponseHead.parse(new byte[2], 2, 0));
        assertThat(List.of(ResponseHead.parse(bytes(VALID)).toString())).allMatch(s -> s.contains("101"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X-Other | a\u0000b", "X-Other | 'a\rb'", "X-Other | 'a\nb'", "X-Other | '\u001b[2J'", "X-Other | a\u007fb",
            "X Other | a", "'' | a", "Up(grade) | websocket" })
    void theMapApiRefusesTheNamesAndValuesTheRawParserRefuses(String name, String value) {
        HandshakeValidator validator = HandshakeValidator.builder().build();
        java.util.Map<String, List<String>> answer = ServerAnswer.validFor(KEY).set(name, value).headers();
        HandshakeException ex = org.junit.jupiter.api.Assertions.assertThrows(HandshakeException.class,
                () -> validator.endClientHandshake(KEY, 101, answer));
        assertThat(ex.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(ex.getMessage()).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f\\x7f]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "X-Other | a\tb", "X-Other | caf\u00e9", "x-other | ''" })
    void theMapApiAcceptsWhatTheRawParserAccepts(String name, String value) {
        HandshakeValidator validator = HandshakeValidator.builder().build();
        assertThat(validator.endClientHandshake(KEY, 101, ServerAnswer.validFor(KEY).set(name, value).headers()))
                .isNotNull();
    }
}
