package io.wshandshake.client;

import io.wshandshake.core.HandshakeResult;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Wraps the application's handler: ends the attempt when the session opens, before the application's
 * {@code afterConnectionEstablished} runs, and tells the attempt when the session closes, whichever side closes it.
 * A session that opens after its attempt ended (at the deadline, or at shutdown) is closed with 1001 and never
 * shown to the handler: no {@code afterConnectionEstablished}, and so no {@code afterConnectionClosed} either.
 */
final class ValidatedSessionHandler extends WebSocketHandlerDecorator {

    private final ValidatingWebSocketClient client;

    private final HandshakeAttempt attempt;

    private volatile boolean established;

    ValidatedSessionHandler(WebSocketHandler delegate, ValidatingWebSocketClient client, HandshakeAttempt attempt) {
        super(delegate);
        this.client = client;
        this.attempt = attempt;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        HandshakeResult result = this.attempt.result();
        if (result != null) {
            HandshakeAttributes.put(session.getAttributes(), result);
        }
        if (!this.attempt.opened(session)) {
            session.close(CloseStatus.GOING_AWAY);
            return;
        }
        this.established = true;
        this.client.sessionOpened(session);
        super.afterConnectionEstablished(session);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
        if (this.established) {
            super.handleTransportError(session, exception);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        if (!this.established) {
            return;
        }
        this.client.sessionClosed(session);
        this.attempt.sessionClosed(session);
        super.afterConnectionClosed(session, closeStatus);
    }
}
