package io.wshandshake.observation;

import io.wshandshake.core.HandshakeException;

/**
 * How a handshake ended, as the {@code outcome} tag says it: {@code SUCCESS}, one of the three
 * {@link io.wshandshake.core.HandshakeError}s, or {@code TRANSPORT_ERROR} for anything before or outside the
 * handshake (refused, timeout, EOF, TLS); {@code UNKNOWN} while it has not ended (the tag of the long task timer of
 * handshakes in progress).
 */
public enum HandshakeOutcome {

    SUCCESS, INVALID_PROTOCOL_FORMAT, UNSUPPORTED_SUBPROTOCOL, UNSUPPORTED_EXTENSION, TRANSPORT_ERROR, UNKNOWN;

    private static final int MAX_CAUSE_DEPTH = 16;

    /** The outcome of an attempt that failed with {@code error}. */
    public static HandshakeOutcome ofFailure(Throwable error) {
        HandshakeException handshakeException = findHandshakeException(error);
        return (handshakeException != null) ? valueOf(handshakeException.error().name()) : TRANSPORT_ERROR;
    }

    /** The {@link HandshakeException} in {@code error}'s cause chain, or {@code null}. */
    public static HandshakeException findHandshakeException(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (current instanceof HandshakeException handshakeException) {
                return handshakeException;
            }
            Throwable cause = current.getCause();
            current = (cause != current) ? cause : null;
        }
        return null;
    }
}
