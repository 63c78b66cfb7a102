package io.wshandshake.testserver;

import java.util.Locale;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeMetricsAutoConfiguration;
import io.wshandshake.client.ClientContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Client contexts for tests, as a Boot application with this starter would have them. */
public final class TestContexts {

    private TestContexts() {
    }

    /** The handshake auto-configuration with Boot's own metrics and observation auto-configuration. */
    public static ApplicationContextRunner withMetrics() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                HandshakeMetricsAutoConfiguration.class, HandshakeAutoConfiguration.class));
    }

    /** The property that runs the auto-configured client on {@code container}. */
    public static String container(ClientContainer container) {
        return "handshake.container=" + container.name().toLowerCase(Locale.ROOT);
    }
}
