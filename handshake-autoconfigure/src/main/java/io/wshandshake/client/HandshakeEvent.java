package io.wshandshake.client;

import java.net.URI;

import org.springframework.context.ApplicationEvent;

/**
 * Published for every handshake of a validating client, so that code that never sees the {@code WebSocketSession}
 * (STOMP and SockJS users) can still learn what was negotiated or why it failed.
 *
 * @since 0.1.0
 */
public abstract sealed class HandshakeEvent extends ApplicationEvent
        permits HandshakeSucceededEvent, HandshakeFailedEvent {

    private final URI uri;

    /**
     * @param source the client that made the attempt
     * @param uri the URI connected to; the event keeps only its scheme, host, port and path
     */
    protected HandshakeEvent(Object source, URI uri) {
        super(source);
        this.uri = withoutCredentials(uri);
    }

    /**
     * The URI the client connected to, without user info, query or fragment: a listener may log it without
     * leaking a password or a token.
     */
    public URI getUri() {
        return this.uri;
    }

    private static URI withoutCredentials(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        }
        catch (java.net.URISyntaxException ex) {
            return URI.create(uri.getScheme() + "://" + uri.getHost());
        }
    }
}
