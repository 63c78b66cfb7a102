package io.wshandshake.testserver;


import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * A real embedded Tomcat WebSocket server for integration tests: {@code /echo} echoes text (and closes on {@code close-me}) and supports the
 * subprotocols v2.chat and v1.chat (and permessage-deflate, which Tomcat's server supports by default);
 * {@code /stomp} is a STOMP endpoint whose {@code /app/echo} destination answers on {@code /topic/echo}.
 */
@SpringBootApplication
public class TestServerApplication {

    /** Starts the server on a free port, with this project's own client auto-configuration off. */
    public static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TestServerApplication.class)
                .properties("server.port=0", "handshake.enabled=false", "spring.main.banner-mode=off")
                .run();
    }

    /** The port the server listens on. */
    public static int port(ConfigurableApplicationContext server) {
        return ((WebServerApplicationContext) server).getWebServer().getPort();
    }

    public static void main(String[] args) {
        SpringApplication.run(TestServerApplication.class, args);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSocket
    static class EchoConfiguration implements WebSocketConfigurer {

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            DefaultHandshakeHandler handshakeHandler = new DefaultHandshakeHandler();
            handshakeHandler.setSupportedProtocols("v2.chat", "v1.chat");
            registry.addHandler(new EchoHandler(), "/echo").setHandshakeHandler(handshakeHandler);
        }

        @Bean
        org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean container() {
            org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean container =
                    new org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean();
            container.setMaxTextMessageBufferSize(4 * 1024 * 1024);
            return container;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSocketMessageBroker
    static class StompConfiguration implements WebSocketMessageBrokerConfigurer {

        @Override
        public void registerStompEndpoints(StompEndpointRegistry registry) {
            registry.addEndpoint("/stomp");
        }

        @Override
        public void configureMessageBroker(MessageBrokerRegistry registry) {
            registry.enableSimpleBroker("/topic");
            registry.setApplicationDestinationPrefixes("/app");
        }
    }

    @Controller
    static class StompEchoController {

        @MessageMapping("/echo")
        @SendTo("/topic/echo")
        String echo(String payload) {
            return "echo: " + payload;
        }
    }

    /** Each close the echo endpoint saw, as "query code", e.g. "test=shutdown 1001". */
    public static final java.util.Queue<String> ECHO_CLOSES = new java.util.concurrent.ConcurrentLinkedQueue<>();

    static class EchoHandler extends TextWebSocketHandler {

        @Override
        public void afterConnectionClosed(WebSocketSession session, org.springframework.web.socket.CloseStatus status) {
            ECHO_CLOSES.add(session.getUri().getQuery() + " " + status.getCode());
        }

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
            if ("close-me".equals(message.getPayload())) {
                session.close(org.springframework.web.socket.CloseStatus.NORMAL);
                return;
            }
            session.sendMessage(new TextMessage(message.getPayload()));
        }
    }

}
