package io.wshandshake.core;

/**
 * The precise, machine-readable reason a handshake failed; each reason belongs to one {@link HandshakeError}.
 *
 * @since 0.1.0
 */
public enum FailureReason {

    /**
     * The status code is not 101 Switching Protocols; over HTTP/2 (RFC 8441 section 5), not 200.
     */
    STATUS_NOT_SWITCHING_PROTOCOLS(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /**
     * The raw response head is not one an HTTP/1.1 client can read unambiguously (RFC 9112): a malformed status
     * line, a 101 in another HTTP version than 1.1, a folded line, whitespace before a colon, a bare CR or LF, or a
     * control character. Reported by {@link ResponseHead}, and by the validator for a header map with a name that is
     * not a token or a value with a control character, and for an answer over HTTP/2 that carries a
     * connection-specific field such as {@code Connection} or {@code Upgrade} (RFC 9113 section 8.2.2).
     * @since 0.2.0
     */
    RESPONSE_MALFORMED(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** The response headers are larger than the validator's limit. */
    HEADERS_TOO_LARGE(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** {@code Upgrade} is missing or is not the single value {@code websocket}. */
    UPGRADE_INVALID(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** {@code Connection} is missing or does not hold the token {@code upgrade}. */
    CONNECTION_INVALID(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** {@code Sec-WebSocket-Accept} is missing or appears more than once. */
    ACCEPT_MISSING_OR_REPEATED(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** {@code Sec-WebSocket-Accept} does not match the key that was sent. */
    ACCEPT_MISMATCH(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** {@code Sec-WebSocket-Protocol} is not a single token on a single line. */
    SUBPROTOCOL_MALFORMED(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** {@code Sec-WebSocket-Extensions} does not follow the RFC 6455 section 9.1 grammar. */
    EXTENSIONS_MALFORMED(HandshakeError.INVALID_PROTOCOL_FORMAT),

    /** The server chose a subprotocol that was not offered (or any, when none was offered). */
    SUBPROTOCOL_NOT_OFFERED(HandshakeError.UNSUPPORTED_SUBPROTOCOL),

    /** Subprotocols were offered and required, but the server chose none. */
    SUBPROTOCOL_MISSING(HandshakeError.UNSUPPORTED_SUBPROTOCOL),

    /** The server chose an extension that was not offered. */
    EXTENSION_NOT_OFFERED(HandshakeError.UNSUPPORTED_EXTENSION),

    /** The server chose the same extension twice. */
    EXTENSION_REPEATED(HandshakeError.UNSUPPORTED_EXTENSION),

    /** The server answered an offered extension with parameters that no offer of it allows. */
    EXTENSION_PARAMETERS_REJECTED(HandshakeError.UNSUPPORTED_EXTENSION),

    /** Two negotiated extensions claim the same RSV bit. */
    EXTENSION_RSV_CONFLICT(HandshakeError.UNSUPPORTED_EXTENSION);

    private final HandshakeError error;

    FailureReason(HandshakeError error) {
        this.error = error;
    }

    /** The coarse error this reason belongs to. */
    public HandshakeError error() {
        return this.error;
    }
}
