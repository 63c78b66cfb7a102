package io.wshandshake.autoconfigure;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.wshandshake.observation.ClientSessionGauges;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code websocket.client.sessions} gauges when a {@link MeterRegistry} exists. (The handshake
 * timer needs nothing here: it comes from the observation, through Boot's observation auto-configuration.)
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "handshake.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(HandshakeProperties.class)
public final class HandshakeMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ClientSessionGauges handshakeClientSessionGauges(HandshakeProperties properties) {
        return new ClientSessionGauges(Set.copyOf(properties.getSubprotocols()));
    }
}
