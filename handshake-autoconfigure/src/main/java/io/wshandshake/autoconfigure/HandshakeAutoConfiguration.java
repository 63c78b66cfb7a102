package io.wshandshake.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.TransportLimits;
import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.client.ValidatingWebSocketClientCustomizer;
import io.wshandshake.core.ExtensionNegotiator;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.SafeText;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.SessionCounter;
import jakarta.websocket.ContainerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * Auto-configures a {@link HandshakeValidator} from the {@code handshake.*} properties and, when Spring WebSocket and
 * a JSR-356 client container are on the classpath, a {@link WebSocketClient} that validates every handshake.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = HandshakeMetricsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "handshake.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HandshakeProperties.class)
public final class HandshakeAutoConfiguration {

    /** The smallest client window the JDK's {@code Deflater}, and so every java.util.zip client, compresses with. */
    private static final int JDK_DEFLATER_WINDOW_BITS = 15;

    @Bean
    @ConditionalOnMissingBean
    HandshakeValidator handshakeValidator(HandshakeProperties properties,
            ObjectProvider<ExtensionNegotiator> negotiators) {
        Map<String, ExtensionNegotiator> byName = new LinkedHashMap<>();
        // The JDK's Deflater cannot compress with a window below 15 bits: never accept an answer that asks for it.
        byName.put(PerMessageDeflateNegotiator.NAME,
                PerMessageDeflateNegotiator.withMinimumClientWindowBits(JDK_DEFLATER_WINDOW_BITS));
        negotiators.orderedStream().forEach(negotiator -> byName.put(negotiator.extensionName(), negotiator));
        HandshakePropertiesChecker.checkSubprotocols(properties.getSubprotocols());
        HandshakePropertiesChecker.checkExtensions(properties.getExtensions(), byName);
        return HandshakeValidator.builder()
                .maxHeaderSize(maxResponseHeaderSize(properties))
                .subprotocols(properties.getSubprotocols())
                .extensions(properties.getExtensions())
                .subprotocolRequired(properties.isSubprotocolRequired())
                .negotiators(byName.values())
                .build();
    }

    private static int maxResponseHeaderSize(HandshakeProperties properties) {
        org.springframework.util.unit.DataSize size = properties.getMaxResponseHeaderSize();
        if (size == null || size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidHandshakePropertyException("handshake.max-response-header-size", String.valueOf(size),
                    "the limit must be from 1 byte to 2GB", "Set it to a size such as 64KB.");
        }
        return (int) size.toBytes();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ StandardWebSocketClient.class, ContainerProvider.class })
    @ConditionalOnResource(resources = "classpath:META-INF/services/jakarta.websocket.ContainerProvider")
    static class WebSocketClientConfiguration {

        private static final Log logger = LogFactory.getLog(HandshakeAutoConfiguration.class);

        /** Chosen once, and said once, however many builders are injected. */
        private ClientContainer clientContainer;

        @Bean
        @Scope("prototype")
        @ConditionalOnMissingBean
        ValidatingWebSocketClientBuilder validatingWebSocketClientBuilder(HandshakeValidator validator,
                HandshakeProperties properties, Environment environment,
                ObjectProvider<ObservationRegistry> observationRegistry,
                ObjectProvider<HandshakeObservationConvention> observationConvention,
                ObjectProvider<SessionCounter> sessionCounter, ObjectProvider<SslBundles> sslBundles,
                ApplicationEventPublisher eventPublisher,
                ObjectProvider<ValidatingWebSocketClientCustomizer> customizers) {
            ValidatingWebSocketClientBuilder builder = new ValidatingWebSocketClientBuilder(validator)
                    // The client's own pool, not a bean: an Executor bean would make Boot's task executor back off.
                    .connectPoolSize(connectPoolSize(properties))
                    .virtualThreads(Threading.VIRTUAL.isActive(environment))
                    .observationRegistry(observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP))
                    .observationConvention(observationConvention
                            .getIfAvailable(() -> HandshakePropertiesChecker.defaultConvention(properties)))
                    .sessionCounter(sessionCounter.getIfAvailable(() -> SessionCounter.NONE))
                    .eventPublisher(eventPublisher)
                    .clientContainer(clientContainer(properties))
                    .connectTimeout(HandshakePropertiesChecker.connectTimeout(properties))
                    .maxRedirects(maxRedirects(properties));
            SSLContext sslContext = HandshakePropertiesChecker.sslContext(properties, sslBundles);
            if (sslContext != null) {
                builder.sslContext(sslContext);
            }
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder;
        }

        @Bean
        @ConditionalOnMissingBean(WebSocketClient.class)
        ValidatingWebSocketClient webSocketClient(ValidatingWebSocketClientBuilder builder, HandshakeValidator validator,
                HandshakeProperties properties) {
            try {
                return builder.build();
            }
            catch (UnsupportedOfferException ex) {
                if (!HandshakePropertiesChecker.offersComeFrom(properties, validator)) {
                    throw ex;
                }
                throw new InvalidHandshakePropertyException("handshake.extensions[" + ex.getOfferIndex() + "]",
                        SafeText.quote(ex.getOffer()), ex.getReason(), "Remove this entry. To negotiate other "
                                + "extensions, call the HandshakeValidator bean directly with a client that "
                                + "implements them.");
            }
        }

        private synchronized ClientContainer clientContainer(HandshakeProperties properties) {
            if (this.clientContainer == null) {
                this.clientContainer = chooseClientContainer(properties.getContainer());
                String unbounded = TransportLimits.forContainer(this.clientContainer).whyResponseHeadUnbounded();
                if (unbounded != null) {
                    logger.warn(unbounded);
                }
            }
            return this.clientContainer;
        }

        private static ClientContainer chooseClientContainer(String value) {
            String property = "handshake.container";
            String name = (value != null) ? value.trim().toLowerCase(java.util.Locale.ROOT) : "";
            ClientContainer chosen;
            String why;
            if (name.equals("auto")) {
                chosen = webServerClientContainer();
                why = "the application's web server is Jetty";
                if (chosen == null) {
                    chosen = ClientContainer.firstPresent();
                    why = (chosen == ClientContainer.TOMCAT) ? "Tomcat's is preferred when present"
                            : "Tomcat's is not on the classpath";
                }
                if (chosen == null) {
                    throw new InvalidHandshakePropertyException(property, SafeText.quote(value),
                            "neither Tomcat's nor Jetty's WebSocket client container is on the classpath",
                            "Add " + ClientContainer.TOMCAT.artifact() + " or "
                                    + ClientContainer.JETTY.artifact() + ".");
                }
            }
            else if (name.equals("tomcat") || name.equals("jetty")) {
                chosen = ClientContainer.valueOf(name.toUpperCase(java.util.Locale.ROOT));
                why = "set by " + property;
                if (!chosen.isPresent()) {
                    throw new InvalidHandshakePropertyException(property, SafeText.quote(value),
                            "that container is not on the classpath", "Add " + chosen.artifact()
                                    + ", or set it to auto.");
                }
            }
            else {
                throw new InvalidHandshakePropertyException(property, SafeText.quote(value),
                        "it names no WebSocket client container", "Set it to auto (the default), tomcat or jetty.");
            }
            logger.info("WebSocket client handshakes run on " + ((chosen == ClientContainer.JETTY) ? "Jetty's"
                    : "Tomcat's") + " client container (" + property + "=" + name + ": " + why + ")");
            return chosen;
        }

        /** Jetty's client when the application serves on Jetty (its server is present and Tomcat's is not). */
        private static ClientContainer webServerClientContainer() {
            ClassLoader classLoader = HandshakeAutoConfiguration.class.getClassLoader();
            boolean jettyServer = ClassUtils.isPresent("org.eclipse.jetty.server.Server", classLoader);
            boolean tomcatServer = ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", classLoader);
            return (jettyServer && !tomcatServer && ClientContainer.JETTY.isPresent()) ? ClientContainer.JETTY : null;
        }

        private static int maxRedirects(HandshakeProperties properties) {
            int maxRedirects = properties.getConnect().getMaxRedirects();
            if (maxRedirects < 0) {
                throw new InvalidHandshakePropertyException("handshake.connect.max-redirects",
                        String.valueOf(maxRedirects), "a connect cannot follow fewer than no redirects",
                        "Set it to 0 to follow none (the default), or to the most a connect may follow, e.g. 5.");
            }
            return maxRedirects;
        }

        private static int connectPoolSize(HandshakeProperties properties) {
            int poolSize = properties.getConnect().getPoolSize();
            if (poolSize < 1) {
                throw new InvalidHandshakePropertyException("handshake.connect.pool-size", String.valueOf(poolSize),
                        "at least one thread is needed to connect", "Set it to a positive number, e.g. 8.");
            }
            return poolSize;
        }
    }
}
