package io.wshandshake.client;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** Records what a client-side handler sees: the attributes at open, the messages, the close. */
class RecordingHandler extends TextWebSocketHandler {

    final AtomicReference<Map<String, Object>> attributesAtOpen = new AtomicReference<>();

    final CountDownLatch established = new CountDownLatch(1);

    final CountDownLatch closed = new CountDownLatch(1);

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        this.attributesAtOpen.set(Map.copyOf(session.getAttributes()));
        this.established.countDown();
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        this.messages.add(message.getPayload());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        this.closed.countDown();
    }
}
