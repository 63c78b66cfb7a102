package io.wshandshake.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The server's opening handshake answer was rejected (RFC 6455 section 4.1). The message is for people: it quotes
 * the offending value, escaped and cut short, so it is safe to log. The fields are for code: {@link #reason()}, the
 * {@link #header()} concerned, the {@link #value()} that was wrong (raw, as the server sent it) and, for an answer
 * other than 101, its {@link #status()}.
 *
 * @since 0.1.0
 */
public class HandshakeException extends RuntimeException {

    /**
     * The {@code status} to pass when there is none to report: the answer's status was 101, or it is not known (a
     * malformed status line, a client that does not say).
     */
    public static final int NO_STATUS = -1;

    private final FailureReason reason;

    private final @Nullable String header;

    private final @Nullable String value;

    private final int status;

    /**
     * @param reason what went wrong
     * @param header the response header concerned, or {@code null} when the status line is
     * @param message a description that already quotes any untrusted value with {@link SafeText#quote(String)}
     */
    public HandshakeException(FailureReason reason, @Nullable String header, String message) {
        this(reason, header, null, NO_STATUS, message, null);
    }

    /**
     * @param reason what went wrong
     * @param header the response header concerned, or {@code null} when the status line is
     * @param message a description that already quotes any untrusted value with {@link SafeText#quote(String)}
     * @param cause what the transport reported, if this wraps its error
     */
    public HandshakeException(FailureReason reason, @Nullable String header, String message,
            @Nullable Throwable cause) {
        this(reason, header, null, NO_STATUS, message, cause);
    }

    /**
     * @param reason what went wrong
     * @param header the response header concerned, or {@code null} when the status line is
     * @param value the offending value, raw as received (a header value, or the status line), or {@code null} when
     *        there is none (a missing header) or it is not known
     * @param message a description that already quotes any untrusted value with {@link SafeText#quote(String)}
     * @param cause what the transport reported, if this wraps its error
     */
    public HandshakeException(FailureReason reason, @Nullable String header, @Nullable String value, String message,
            @Nullable Throwable cause) {
        this(reason, header, value, NO_STATUS, message, cause);
    }

    /**
     * @param reason what went wrong
     * @param header the response header concerned, or {@code null} when the status line is
     * @param value the offending value, raw as received (a header value, or the status line), or {@code null} when
     *        there is none (a missing header) or it is not known
     * @param status the status code of an answer other than 101 Switching Protocols, 100 to 999 (RFC 9110 section
     *        15: three digits), or {@link #NO_STATUS}
     * @param message a description that already quotes any untrusted value with {@link SafeText#quote(String)}
     * @param cause what the transport reported, if this wraps its error
     * @throws IllegalArgumentException if {@code status} is neither {@link #NO_STATUS} nor three digits
     */
    public HandshakeException(FailureReason reason, @Nullable String header, @Nullable String value, int status,
            String message, @Nullable Throwable cause) {
        super(message, cause);
        if (status != NO_STATUS && !isStatusCode(status)) {
            throw new IllegalArgumentException("A status code has three digits (100 to 999), got " + status);
        }
        this.reason = reason;
        this.header = header;
        this.value = value;
        this.status = status;
    }

    /**
     * Whether {@code status} has the three digits of an HTTP status code (RFC 9110 section 15), 100 to 999.
     */
    public static boolean isStatusCode(int status) {
        return status >= 100 && status <= 999;
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
     * The offending value, raw as the server sent it (a header value, several lines of one header joined with
     * {@code ", "}, or a malformed status line): neither escaped nor cut, so escape it (with {@link SafeText}) before
     * logging it. Empty when nothing was there to quote (a missing header, no subprotocol chosen), when the value is
     * not kept (response headers too large) or when the transport did not say.
     */
    public Optional<String> value() {
        return Optional.ofNullable(this.value);
    }

    /**
     * The status code of the answer when it was not 101 Switching Protocols (over HTTP/2, not 200)
     * ({@link FailureReason#STATUS_NOT_SWITCHING_PROTOCOLS}) and the transport exposed it, e.g. 403 or 302; empty for
     * every other reason, and for a malformed status line (then {@link #value()} holds the line).
     */
    public OptionalInt status() {
        return (this.status != NO_STATUS) ? OptionalInt.of(this.status) : OptionalInt.empty();
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
     */
    public static Optional<HandshakeException> find(@Nullable Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            if (current instanceof HandshakeException handshakeException) {
                return Optional.of(handshakeException);
            }
        }
        return Optional.empty();
    }
}
