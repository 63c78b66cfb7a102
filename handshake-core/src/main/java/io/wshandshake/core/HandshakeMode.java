package io.wshandshake.core;

/**
 * Which opening handshake a {@link ClientHandshake} is, and so the rules its answer is judged by. The mode is chosen
 * when the handshake is begun or described, never guessed from the answer: an answer is only ever judged by the
 * rules of the request that was really sent.
 *
 * @since 0.3.0
 */
public enum HandshakeMode {

    /**
     * RFC 6455 section 4.1 over HTTP/1.1: a {@code GET} with {@code Upgrade: websocket}, {@code Connection: Upgrade}
     * and a fresh {@code Sec-WebSocket-Key}, answered with {@code 101 Switching Protocols}, {@code Upgrade},
     * {@code Connection} and the matching {@code Sec-WebSocket-Accept}.
     */
    HTTP_1_1,

    /**
     * RFC 8441 over HTTP/2: an extended {@code CONNECT} ({@code :method CONNECT}, {@code :protocol websocket},
     * RFC 8441 section 4) on one stream, answered with status {@code 200} (section 5). No key is sent and no
     * {@code Sec-WebSocket-Accept} is checked (section 5: neither is used); {@code Upgrade}, {@code Connection} and
     * the other connection-specific fields must not appear (RFC 9113 section 8.2.2). Subprotocol and extension
     * negotiation are those of RFC 6455 and RFC 7692, judged by the same rules as over HTTP/1.1.
     */
    HTTP_2
}
