package io.wshandshake.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Finds the handshake failure in what a connect failed with. Clients and futures wrap it: a
     * {@code java.util.concurrent.ExecutionException} or {@code CompletionException} around it, a transport's
     * exception around that, or nothing at all. This walks {@code failure}, its cause, the cause's cause and so on, and
     * returns the first {@code HandshakeException} it meets, the one nearest to {@code failure}. Suppressed exceptions
     * are not searched. A cause chain that loops back on itself ends at the first exception seen twice.
     *
     * @param failure what the connect failed with; may be {@code null}
     * @return the nearest {@code HandshakeException} in the cause chain, or empty when there is none (a transport
     *         failure such as a refused connection or a timeout) or {@code failure} is {@code null}
     * @since 0.2.0
     */
    public static Optional<HandshakeException> find(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            if (current instanceof HandshakeException handshakeException) {
                return Optional.of(handshakeException);
            }
        }
        return Optional.empty();
    }
}
