package io.wshandshake.autoconfigure;

import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * Auto-configures WebFlux's {@link WebSocketClient} on a JSR-356 container when Reactor Netty, WebFlux's default
 * client, is absent: a {@link ValidatingStandardWebSocketClient} connecting through its own client from the
 * auto-configured {@link ValidatingWebSocketClientBuilder}, so {@code handshake.container} chooses Tomcat's or
 * Jetty's container among those present, as for the servlet client, and SSL bundles, deadline, observation, meters
 * and events are the same. A reactive {@code WebSocketClient} bean declared by the user or a library is never
 * replaced or wrapped.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = HandshakeAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "handshake.enabled", matchIfMissing = true)
@ConditionalOnClass({ WebSocketClient.class, ValidatingWebSocketClientBuilder.class })
@ConditionalOnMissingClass("reactor.netty.http.client.HttpClient")
public final class HandshakeReactiveStandardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(WebSocketClient.class)
    @ConditionalOnBean(ValidatingWebSocketClientBuilder.class)
    ValidatingStandardWebSocketClient reactiveWebSocketClient(ValidatingWebSocketClientBuilder builder) {
        return new ValidatingStandardWebSocketClient(builder.build());
    }
}
