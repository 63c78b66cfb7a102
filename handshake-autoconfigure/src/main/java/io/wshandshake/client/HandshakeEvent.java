package io.wshandshake.client;

import java.net.URI;

import org.springframework.context.ApplicationEvent;

/**
 * Published for every handshake of a validating client, so that code that never sees the {@code WebSocketSession}
 * (STOMP and SockJS users) can still learn what was negotiated or why it failed.
 */
public abstract sealed class HandshakeEvent extends ApplicationEvent
        permits HandshakeSucceededEvent, HandshakeFailedEvent {

    private final URI uri;

    protected HandshakeEvent(Object source, URI uri) {
        super(source);
        this.uri = uri;
    }

    /** The URI the client connected to. */
    public URI getUri() {
        return this.uri;
    }
}
