package io.wshandshake.client;

import java.io.IOException;
import java.net.URI;

import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTests {

    private final Redaction redaction = new Redaction(
            URI.create("wss://alice:p%40ss-word@example.org:8443/chat?token=t0ken-value&room=1#frag"));

    @Test
    void everyUriInTheTextKeepsSchemeHostPortAndPathOnly() {
        assertThat(this.redaction.text("The HTTP request to initiate the WebSocket connection to "
                + "[wss://alice:p%40ss-word@example.org:8443/chat?token=t0ken-value&room=1#frag] failed"))
                .isEqualTo("The HTTP request to initiate the WebSocket connection to "
                        + "[wss://example.org:8443/chat] failed");
        assertThat(Redaction.stripUriCredentials("to ws://u:p@[::1]:80/a?b and http://x@h/#f then ws://h/p"))
                .isEqualTo("to ws://[::1]:80/a and http://h/ then ws://h/p");
        assertThat(Redaction.stripUriCredentials("user info with a comma ws://u,x:p'w@h/p?q]"))
                .isEqualTo("user info with a comma ws://h/p]");
    }

    @Test
    void theConnectionsOwnCredentialsAreBlankedOutWhereverTheyAppear() {
        assertThat(this.redaction.text("password p@ss-word, token t0ken-value, user alice"))
                .isEqualTo("password [redacted], token [redacted], user [redacted]");
    }

    @Test
    void controlCharactersAreEscapedAndLongTextIsCutAtAWord() {
        assertThat(this.redaction.text("status 4\u001b[2J04\r\nX")).isEqualTo("status 4\\x1b[2J04\\r\\nX");
        String cut = this.redaction.text("word ".repeat(200));
        assertThat(cut).hasSizeLessThan(Redaction.MAX_MESSAGE_LENGTH + 30)
                .endsWith("word... (601 more characters)");
    }

    @Test
    void anExceptionChainKeepsTypesAndStacksButNoRawMessage() {
        IOException cause = new IOException("read from ws://bob:hunter22@h/x failed\u001b[0m");
        DeploymentException original = new DeploymentException(
                "connection to [wss://alice:p%40ss-word@example.org:8443/chat?token=t0ken-value] failed", cause);

        RedactedException redacted = this.redaction.exception(original);

        assertThat(redacted.getOriginalType()).isEqualTo(DeploymentException.class.getName());
        assertThat(redacted).hasMessage(DeploymentException.class.getName()
                + ": connection to [wss://example.org:8443/chat] failed");
        assertThat(redacted.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(redacted.getCause()).isInstanceOf(RedactedException.class)
                .hasMessage("java.io.IOException: read from ws://h/x failed\\x1b[0m");
        assertThat(((RedactedException) redacted.getCause()).getOriginalType()).isEqualTo("java.io.IOException");
    }
}
