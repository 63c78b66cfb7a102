package io.wshandshake.sample;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.StandardWebSocketUpgradeStrategy;

/**
 * The server side of the WebFlux demonstration (profile {@code webflux}): {@code /chat} as a WebFlux
 * {@link WebSocketHandler} that supports the subprotocols v2.chat and v1.chat and echoes every text message, on the
 * sample's Tomcat, which negotiates permessage-deflate.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveChatServerConfiguration implements WebFluxConfigurer {

    /**
     * The JSR-356 upgrade, which Tomcat serves: WebFlux picks Reactor Netty's when Reactor Netty is on the classpath, as it is here for the
     * client, and this server is Tomcat.
     */
    @Override
    public WebSocketService getWebSocketService() {
        return new HandshakeWebSocketService(new StandardWebSocketUpgradeStrategy());
    }

    @Bean
    HandlerMapping chatHandlerMapping() {
        return new SimpleUrlHandlerMapping(Map.of("/chat", new EchoHandler()), -1);
    }

    static class EchoHandler implements WebSocketHandler {

        @Override
        public List<String> getSubProtocols() {
            return List.of("v2.chat", "v1.chat");
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            return session.send(session.receive()
                    .map(message -> session.textMessage("echo: " + message.getPayloadAsText())));
        }
    }
}
