package io.wshandshake.core;

import java.util.Optional;

/**
 * The server's opening handshake answer was rejected. The message quotes the offending value, escaped and cut
 * short, so it is safe to log.
 */
public class HandshakeException extends RuntimeException {

    private final FailureReason reason;

    private final String header;

    /**
     * @param reason what went wrong
     * @param header the response header concerned, or {@code null} when the status line is
     * @param message a description that already quotes any untrusted value with {@link SafeText#quote(String)}
     */
    public HandshakeException(FailureReason reason, String header, String message) {
        this(reason, header, message, null);
    }

    /**
     * @param reason what went wrong
     * @param header the response header concerned, or {@code null} when the status line is
     * @param message a description that already quotes any untrusted value with {@link SafeText#quote(String)}
     * @param cause what the transport reported, if this wraps its error
     */
    public HandshakeException(FailureReason reason, String header, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.header = header;
    }

    /** One of the three errors of {@code WebSocketEndClientHandshake}. */
    public HandshakeError error() {
        return this.reason.error();
    }

    /** The precise reason. */
    public FailureReason reason() {
        return this.reason;
    }

    /** The response header this failure concerns, empty when it concerns the status line. */
    public Optional<String> header() {
        return Optional.ofNullable(this.header);
    }
}
