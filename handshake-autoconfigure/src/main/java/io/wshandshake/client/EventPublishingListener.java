package io.wshandshake.client;

import io.wshandshake.core.HandshakeResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.socket.WebSocketSession;

/** Publishes a {@link HandshakeSucceededEvent} or a {@link HandshakeFailedEvent} for every attempt. */
final class EventPublishingListener implements HandshakeLifecycleListener {

    private static final Log logger = LogFactory.getLog(EventPublishingListener.class);

    private final ApplicationEventPublisher publisher;

    EventPublishingListener(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void attemptOpened(HandshakeAttemptContext attempt, HandshakeResult result, WebSocketSession session) {
        publish(new HandshakeSucceededEvent(attempt.client(), attempt.uri(), result, session));
    }

    @Override
    public void attemptOpened(HandshakeAttemptContext attempt, HandshakeResult result) {
        publish(new HandshakeSucceededEvent(attempt.client(), attempt.uri(), result));
    }

    @Override
    public void attemptFailed(HandshakeAttemptContext attempt, Throwable failure) {
        publish(new HandshakeFailedEvent(attempt.client(), attempt.uri(), failure));
    }

    private void publish(ApplicationEvent event) {
        try {
            this.publisher.publishEvent(event);
        }
        catch (RuntimeException ex) {
            logger.warn("A handshake event listener failed; the handshake itself is unaffected", ex);
        }
    }
}
