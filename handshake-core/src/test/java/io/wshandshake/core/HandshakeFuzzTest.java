package io.wshandshake.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz targets. Under plain {@code ./mvnw verify} they run once per file of their seed corpus (in
 * {@code src/test/resources/io/wshandshake/core/HandshakeFuzzTestInputs}); with {@code JAZZER_FUZZ=1} they fuzz,
 * see the README. Contract: for any bytes, only {@link HandshakeException} escapes, and its message holds no control
 * or non-ASCII character.
 */
class HandshakeFuzzTest {

    /** The key of RFC 6455 section 1.3, so seeds can carry its accept value. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final HandshakeValidator VALIDATOR = HandshakeValidator.builder()
            .subprotocols(List.of("v12.stomp", "graphql-transport-ws", "chat"))
            .extensions(List.of("permessage-deflate; client_max_window_bits; server_max_window_bits=12",
                    "permessage-deflate; client_max_window_bits", "x-custom; a=1"))
            .subprotocolRequired(false)
            .build();

    @FuzzTest(maxDuration = "30s")
    void endClientHandshake(byte[] input) {
        RawResponse response = RawResponse.parse(new String(input, StandardCharsets.ISO_8859_1));
        try {
            HandshakeResult result = VALIDATOR.endClientHandshake(KEY, response.status(), response.headers());
            assertThat(result.subprotocolIndex()).isBetween(-1, 2);
            assertThat(java.util.Arrays.stream(result.extensionIndices()).allMatch(index -> index >= 0 && index <= 2)).isTrue();
        }
        catch (HandshakeException ex) {
            assertSafe(ex.getMessage());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void extensionHeaderParser(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1);
        try {
            List<ExtensionElement> elements = ExtensionHeaderParser.parseLines(List.of(header));
            assertThat(elements).isNotEmpty();
            // The build function's output parses back to the same elements.
            String rebuilt = String.join(", ", elements.stream().map(ExtensionElement::toString).toList());
            assertThat(ExtensionHeaderParser.parseLines(List.of(rebuilt))).isEqualTo(elements);
        }
        catch (HeaderSyntaxException ex) {
            assertSafe(ex.getMessage());
        }
    }

    private static void assertSafe(String message) {
        assertThat(message).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\uffff]");
    }
}
