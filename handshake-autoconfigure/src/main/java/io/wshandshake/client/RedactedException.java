package io.wshandshake.client;

import org.jspecify.annotations.Nullable;

/**
 * An exception from the WebSocket container or the transport, made safe to hand out: its message is the
 * original's with every URI's user info, query and fragment removed, the connection's own credentials blanked out,
 * control and non-ASCII characters escaped and long text cut at a word. The stack trace is the original's, and the
 * cause is the original's cause made safe the same way. The original itself is not kept, because its message can
 * carry a password or a token (containers put the whole URI into their messages).
 * <p>
 * The message starts with the original's class name, so a log line still says what failed, e.g.
 * {@code jakarta.websocket.DeploymentException: The HTTP request to initiate the WebSocket connection to
 * [ws://example.org:8080/chat] failed}.
 *
 * @since 0.1.0
 */
public final class RedactedException extends Exception {

    private final String originalType;

    RedactedException(String originalType, String message, StackTraceElement[] stackTrace,
            @Nullable Throwable cause) {
        super(message, cause, false, true);
        this.originalType = originalType;
        setStackTrace(stackTrace);
    }

    /**
     * {@code original} and its causes made safe to hand out for a connection to {@code uri}: for clients outside
     * this package (the reactive ones) that meet their transport's exceptions.
     * @param original the transport's exception
     * @param uri the URI connected to, whose user info and query are kept out of every message
     * @return the safe chain, or {@code null} for a {@code null} original
     * @since 0.3.0
     */
    public static RedactedException redact(Throwable original, java.net.URI uri) {
        return new Redaction(uri).exception(original);
    }

    /** The fully qualified class name of the exception this one stands for, never {@code null}. */
    public String getOriginalType() {
        return this.originalType;
    }
}
