package io.wshandshake.autoconfigure;

import java.util.List;

import javax.net.ssl.SSLContext;

import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.client.HandshakeLifecycleListener;
import io.wshandshake.client.HandshakeListeners;
import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.client.reactive.ValidatingJettyWebSocketClient;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.SessionCounter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.socket.client.JettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * Auto-configures, when {@code handshake.reactive.client} is {@code jetty}, WebFlux's {@link WebSocketClient} on
 * Jetty's native WebSocket client: a {@link ValidatingJettyWebSocketClient} with the reactive validator (its
 * extension offers are {@code handshake.reactive.extensions} when set, else {@code handshake.extensions}), the same
 * observation, meters and events as the other clients, {@code handshake.connect.timeout} as the deadline and
 * {@code handshake.ssl.bundle} for {@code wss://}. {@code handshake.container}, the JSR-356 choice, does not apply
 * to it. Set to {@code jetty} without jetty-websocket-jetty-client on the classpath, the start fails. A reactive
 * {@code WebSocketClient} bean declared by the user or a library is never replaced or wrapped.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = HandshakeAutoConfiguration.class, afterName = {
        "org.springframework.cloud.gateway.config.GatewayAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "handshake.enabled", matchIfMissing = true)
@ConditionalOnClass({ WebSocketClient.class, JettyWebSocketClient.class })
@ConditionalOnReactiveClient(ReactiveClient.JETTY)
@ConditionalOnBean(HandshakeValidator.class)
public final class HandshakeReactiveJettyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(WebSocketClient.class)
    ValidatingJettyWebSocketClient reactiveWebSocketClient(HandshakeValidator validator,
            HandshakeProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<HandshakeObservationConvention> observationConvention,
            ObjectProvider<SessionCounter> sessionCounter, ObjectProvider<SslBundles> sslBundles,
            ApplicationEventPublisher eventPublisher) {
        List<HandshakeLifecycleListener> listeners = HandshakeListeners.assemble(
                observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
                observationConvention.getIfAvailable(() -> HandshakePropertiesChecker.defaultConvention(properties)),
                sessionCounter.getIfAvailable(() -> SessionCounter.NONE), List.of(), eventPublisher);
        SSLContext sslContext = HandshakePropertiesChecker.sslContext(properties, sslBundles);
        try {
            return new ValidatingJettyWebSocketClient(HandshakePropertiesChecker.reactiveValidator(validator,
                    properties), listeners, HandshakePropertiesChecker.connectTimeout(properties), sslContext);
        }
        catch (UnsupportedOfferException ex) {
            String entry = HandshakePropertiesChecker.reactiveOfferEntry(ex, properties, validator);
            if (entry == null) {
                throw ex;
            }
            boolean ownOffers = properties.getReactive().getExtensions() != null;
            throw new InvalidHandshakePropertyException(entry, SafeText.quote(ex.getOffer()), ex.getReason(),
                    "Remove this entry: Jetty's client cannot honour it" + (ownOffers ? "." : "; set "
                            + "handshake.reactive.extensions for the reactive client's own offers, and the servlet "
                            + "client keeps handshake.extensions."));
        }
    }
}
