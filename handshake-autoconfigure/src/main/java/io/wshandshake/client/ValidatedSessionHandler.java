package io.wshandshake.client;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Wraps the application's handler: ends the attempt when the session opens, before the application's
 * {@code afterConnectionEstablished} runs, and tracks the session until it closes, whichever side closes it.
 */
final class ValidatedSessionHandler extends WebSocketHandlerDecorator {

    private final ValidatingWebSocketClient client;

    private final HandshakeAttempt attempt;

    ValidatedSessionHandler(WebSocketHandler delegate, ValidatingWebSocketClient client, HandshakeAttempt attempt) {
        super(delegate);
        this.client = client;
        this.attempt = attempt;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        if (!this.attempt.opened(session)) {
            // The overall deadline expired during the handshake: the caller already got a timeout.
            session.close(CloseStatus.GOING_AWAY);
            return;
        }
        this.client.sessionOpened(session, this.attempt.result());
        super.afterConnectionEstablished(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        this.client.sessionClosed(session);
        super.afterConnectionClosed(session, closeStatus);
    }
}
