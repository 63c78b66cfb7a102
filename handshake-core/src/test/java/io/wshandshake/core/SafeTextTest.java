package io.wshandshake.core;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTextTest {

    @Test
    void quoteEscapesControlAndNonAsciiAndCutsShort() {
        assertThat(SafeText.quote("a\r\n\u001b[31m\u00e9\u2028\"\\")).isEqualTo("\"a\\r\\n\\x1b[31m\\xe9\\u2028\\\"\\\\\"");
        assertThat(SafeText.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(80) + "\"... (100 chars)");
        assertThat(SafeText.quote(null)).isEqualTo("null");
    }

    @Test
    void uriLeavesOutUserInfoQueryAndFragment() {
        assertThat(SafeText.uri(URI.create("wss://user:secret@example.org:8443/ws/chat?token=abc#top")))
                .isEqualTo("wss://example.org:8443/ws/chat");
        assertThat(SafeText.uri(URI.create("ws://example.org"))).isEqualTo("ws://example.org/");
    }
}
