package io.wshandshake.benchmarks.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/** The local Tomcat WebSocket server of the end-to-end harness: {@code /echo}, subprotocol v1.chat. */
@SpringBootApplication
public class EchoServer {

    @Configuration(proxyBeanMethods = false)
    @EnableWebSocket
    static class Endpoints implements WebSocketConfigurer {

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            DefaultHandshakeHandler handshakeHandler = new DefaultHandshakeHandler();
            handshakeHandler.setSupportedProtocols("v1.chat");
            registry.addHandler(new TextWebSocketHandler() {
                @Override
                protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
                    session.sendMessage(message);
                }
            }, "/echo").setHandshakeHandler(handshakeHandler);
        }
    }
}
