package io.wshandshake.autoconfigure;

import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * Auto-configures WebFlux's {@link WebSocketClient} on a JSR-356 container when Reactor Netty, WebFlux's default
 * client, is absent, or when {@code handshake.reactive.client} is {@code standard}: a
 * {@link ValidatingStandardWebSocketClient} connecting through its own client from the
 * auto-configured {@link ValidatingWebSocketClientBuilder} (so spring-websocket and a JSR-356 client container must be
 * present), so {@code handshake.container} chooses Tomcat's or Jetty's container among those present, as for the
 * servlet client, and SSL bundle, deadline, redirects, observation, meters and events are the same. Its extension
 * offers are {@code handshake.reactive.extensions} when set, else {@code handshake.extensions}. A reactive
 * {@code WebSocketClient} bean declared by the user or a library is never replaced or wrapped.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = HandshakeAutoConfiguration.class,
        afterName = "org.springframework.cloud.gateway.config.GatewayAutoConfiguration")
@ConditionalOnBooleanProperty(name = "handshake.enabled", matchIfMissing = true)
@ConditionalOnClass({ WebSocketClient.class, ValidatingWebSocketClientBuilder.class })
@ConditionalOnReactiveClient(ReactiveClient.STANDARD)
public final class HandshakeReactiveStandardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(WebSocketClient.class)
    @ConditionalOnBean(ValidatingWebSocketClientBuilder.class)
    ValidatingStandardWebSocketClient reactiveWebSocketClient(ValidatingWebSocketClientBuilder builder,
            HandshakeValidator validator, HandshakeProperties properties) {
        try {
            return new ValidatingStandardWebSocketClient(
                    builder.validator(HandshakePropertiesChecker.reactiveValidator(validator, properties)).build());
        }
        catch (UnsupportedOfferException ex) {
            String entry = HandshakePropertiesChecker.reactiveOfferEntry(ex, properties, validator);
            if (entry == null) {
                throw ex;
            }
            throw new InvalidHandshakePropertyException(entry, SafeText.quote(ex.getOffer()), ex.getReason(),
                    "Remove this entry: the JSR-356 container cannot honour it.");
        }
    }
}
