package io.wshandshake.client;

import java.net.URI;

import io.wshandshake.core.HandshakeResult;

import org.springframework.web.socket.WebSocketSession;

/**
 * A handshake was validated and its session opened; published before the handler's afterConnectionEstablished.
 *
 * @since 0.1.0
 */
public final class HandshakeSucceededEvent extends HandshakeEvent {

    private final transient HandshakeResult result;

    private final transient WebSocketSession session;

    public HandshakeSucceededEvent(Object source, URI uri, HandshakeResult result, WebSocketSession session) {
        super(source, uri);
        this.result = result;
        this.session = session;
    }

    /** What was negotiated. */
    public HandshakeResult getResult() {
        return this.result;
    }

    /** The session that opened. */
    public WebSocketSession getSession() {
        return this.session;
    }

    @Override
    public String toString() {
        return "HandshakeSucceededEvent[uri=" + getUri() + ", result=" + this.result + "]";
    }
}
