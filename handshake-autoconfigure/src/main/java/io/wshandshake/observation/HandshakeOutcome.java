package io.wshandshake.observation;

import io.wshandshake.core.HandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * How a handshake ended, as the {@code outcome} tag says it: {@code SUCCESS}, one of the three
 * {@link io.wshandshake.core.HandshakeError}s, or {@code TRANSPORT_ERROR} for anything before or outside the
 * handshake (refused, timeout, EOF, TLS); {@code UNKNOWN} while it has not ended (the tag of the long task timer of
 * handshakes in progress).
 *
 * @since 0.1.0
 */
public enum HandshakeOutcome {

    SUCCESS, INVALID_PROTOCOL_FORMAT, UNSUPPORTED_SUBPROTOCOL, UNSUPPORTED_EXTENSION, TRANSPORT_ERROR, UNKNOWN;

    /** The outcome of an attempt that failed with {@code error}. */
    public static HandshakeOutcome ofFailure(Throwable error) {
        return HandshakeException.find(error).map(failure -> valueOf(failure.error().name()))
                .orElse(TRANSPORT_ERROR);
    }

    /**
     * The {@link HandshakeException} in {@code error}'s cause chain, or {@code null}.
     *
     * @param error what the attempt failed with; may be {@code null}
     * @return the nearest {@code HandshakeException} in the cause chain, or {@code null} when there is none
     * @deprecated since 0.2.0: use {@link HandshakeException#find(Throwable)}, which needs only handshake-core and
     *             returns an {@code Optional}
     */
    @Deprecated(since = "0.2.0")
    public static @Nullable HandshakeException findHandshakeException(@Nullable Throwable error) {
        return HandshakeException.find(error).orElse(null);
    }
}
