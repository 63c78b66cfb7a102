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

    /**
     * The event of a reactive client's attempt, whose session is WebFlux's: {@link #getSession()} is {@code null}.
     * @since 0.3.0
     */
    public HandshakeSucceededEvent(Object source, URI uri, HandshakeResult result) {
        super(source, uri);
        this.result = result;
        this.session = null;
    }

    public HandshakeSucceededEvent(Object source, URI uri, HandshakeResult result, WebSocketSession session) {
        super(source, uri);
        this.result = result;
        this.session = session;
    }

    /** What was negotiated. */
    public HandshakeResult getResult() {
        return this.result;
    }

    /** The session that opened; {@code null} when a reactive client opened it (WebFlux's session is of another type). */
    public WebSocketSession getSession() {
        return this.session;
    }

    @Override
    public String toString() {
        return "HandshakeSucceededEvent[uri=" + getUri() + ", result=" + this.result + "]";
    }
}
