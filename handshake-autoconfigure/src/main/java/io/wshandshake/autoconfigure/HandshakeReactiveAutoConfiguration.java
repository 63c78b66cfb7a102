package io.wshandshake.autoconfigure;

import java.util.List;

import javax.net.ssl.SSLContext;

import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClientBuilder;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClientCustomizer;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.SessionCounter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * Auto-configures, when WebFlux and Reactor Netty are on the classpath, a reactive {@link WebSocketClient} that
 * validates every handshake before the handler runs (unless {@code handshake.reactive.client} chooses another
 * client), and the builder behind it (whatever the choice). It backs off from any reactive
 * {@code WebSocketClient} bean the application or a library declared, and never wraps or changes it: it runs after
 * Spring Cloud Gateway's auto-configuration, whose own Reactor Netty client (for proxying) thus stays the only one.
 * The servlet client of {@link HandshakeAutoConfiguration} is another type: an application with both stacks gets
 * both.
 *
 * @since 0.3.0
 */
@AutoConfiguration(after = HandshakeAutoConfiguration.class, afterName = {
        "org.springframework.cloud.gateway.config.GatewayAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "handshake.enabled", matchIfMissing = true)
@ConditionalOnClass({ ReactorNettyWebSocketClient.class, HttpClient.class })
@ConditionalOnBean(HandshakeValidator.class)
public final class HandshakeReactiveAutoConfiguration {

    private static final Log logger = LogFactory.getLog(HandshakeReactiveAutoConfiguration.class);

    private static final String REACTIVE_EXTENSIONS = "handshake.reactive.extensions";

    /** Spring's servlet-stack client, which spring-websocket brings: maybe absent from a WebFlux application. */
    private static final String SERVLET_CLIENT = "org.springframework.web.socket.client.WebSocketClient";

    @Bean
    @Scope("prototype")
    @ConditionalOnMissingBean
    ValidatingReactorNettyWebSocketClientBuilder validatingReactorNettyWebSocketClientBuilder(
            HandshakeValidator validator, HandshakeProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<HandshakeObservationConvention> observationConvention,
            ObjectProvider<SessionCounter> sessionCounter, ObjectProvider<SslBundles> sslBundles,
            ApplicationEventPublisher eventPublisher,
            ObjectProvider<ValidatingReactorNettyWebSocketClientCustomizer> customizers) {
        ValidatingReactorNettyWebSocketClientBuilder builder = new ValidatingReactorNettyWebSocketClientBuilder(
                HandshakePropertiesChecker.reactiveValidator(validator, properties))
                .observationRegistry(observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP))
                .observationConvention(observationConvention
                        .getIfAvailable(() -> HandshakePropertiesChecker.defaultConvention(properties)))
                .sessionCounter(sessionCounter.getIfAvailable(() -> SessionCounter.NONE))
                .eventPublisher(eventPublisher)
                .connectTimeout(HandshakePropertiesChecker.connectTimeout(properties));
        SSLContext sslContext = HandshakePropertiesChecker.sslContext(properties, sslBundles);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    @Bean
    @ConditionalOnMissingBean(WebSocketClient.class)
    @ConditionalOnReactiveClient(ReactiveClient.REACTOR_NETTY)
    ValidatingReactorNettyWebSocketClient reactiveWebSocketClient(ValidatingReactorNettyWebSocketClientBuilder builder,
            HandshakeValidator validator, HandshakeProperties properties, ApplicationContext context) {
        try {
            return builder.build();
        }
        catch (UnsupportedOfferException ex) {
            String entry = HandshakePropertiesChecker.reactiveOfferEntry(ex, properties, validator);
            if (entry == null) {
                throw ex;
            }
            if (properties.getReactive().getExtensions() == null && servesAnotherStack(context)) {
                // The servlet client is the application's; an offer only Reactor Netty cannot make must not stop it.
                logger.warn("Reactor Netty's client cannot offer handshake.extensions[" + ex.getOfferIndex() + "]="
                        + SafeText.quote(ex.getOffer()) + " (" + ex.getReason() + "): the reactive WebSocketClient "
                        + "offers no extension. Set " + REACTIVE_EXTENSIONS + " to choose its offers.");
                return builder.validator(withoutExtensions(validator)).build();
            }
            throw new InvalidHandshakePropertyException(entry, SafeText.quote(ex.getOffer()), ex.getReason(),
                    "Set " + REACTIVE_EXTENSIONS + " to what Reactor Netty's client can offer, e.g. "
                            + "permessage-deflate, or to an empty list to offer none; the servlet client keeps "
                            + "handshake.extensions.");
        }
    }

    /**
     * Whether the application is no reactive web application and has the servlet client: then the reactive client is
     * at most a second one (WebFlux on the classpath for {@code WebClient}, say), and its offers must not stop it.
     */
    private static boolean servesAnotherStack(ApplicationContext context) {
        if (context instanceof ReactiveWebApplicationContext || !ClassUtils.isPresent(SERVLET_CLIENT, null)) {
            return false;
        }
        return context.getBeanNamesForType(ClassUtils.resolveClassName(SERVLET_CLIENT, null), false, false).length > 0;
    }

    private static HandshakeValidator withoutExtensions(HandshakeValidator validator) {
        return HandshakeValidator.builder()
                .maxHeaderSize(validator.maxHeaderSize())
                .subprotocols(validator.subprotocols())
                .subprotocolRequired(validator.subprotocolRequired())
                .negotiators(validator.negotiators().values())
                .extensions(List.of())
                .build();
    }
}
