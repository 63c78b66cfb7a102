package io.wshandshake.core;

/**
 * The three ways a client handshake can fail, as Windows' {@code WebSocketEndClientHandshake} reports them.
 *
 * @since 0.1.0
 */
public enum HandshakeError {

    /** The response is not a valid RFC 6455 opening handshake answer (status, headers or their syntax). */
    INVALID_PROTOCOL_FORMAT,

    /** The server chose a subprotocol that was not offered, or none where one is required. */
    UNSUPPORTED_SUBPROTOCOL,

    /** The server chose an extension, or extension parameters, that the client did not offer or cannot accept. */
    UNSUPPORTED_EXTENSION
}
