package io.wshandshake.autoconfigure;

import java.time.Duration;

import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClientBuilder;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClientCustomizer;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Every condition of the reactive auto-configuration, in context runners. */
class HandshakeReactiveAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class,
                    HandshakeReactiveAutoConfiguration.class));

    @Test
    void webFluxAndReactorNettyGiveAValidatingReactiveClientBesideTheServletOne() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(WebSocketClient.class)
                    .hasSingleBean(org.springframework.web.socket.client.WebSocketClient.class);
            assertThat(context.getBean(WebSocketClient.class))
                    .isInstanceOf(ValidatingReactorNettyWebSocketClient.class);
            assertThat(context.getBean(org.springframework.web.socket.client.WebSocketClient.class))
                    .isInstanceOf(ValidatingWebSocketClient.class);
        });
    }

    @Test
    void withoutWebFluxThereIsNoReactiveClient() {
        this.runner.withClassLoader(new FilteredClassLoader(ReactorNettyWebSocketClient.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketClient.class)
                        .doesNotHaveBean(ValidatingReactorNettyWebSocketClientBuilder.class));
    }

    @Test
    void withoutReactorNettyThereIsNoReactiveClient() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketClient.class)
                        .doesNotHaveBean(ValidatingReactorNettyWebSocketClientBuilder.class));
    }

    @Test
    void turnedOffThereIsNoReactiveClient() {
        this.runner.withPropertyValues("handshake.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketClient.class));
    }

    /** As Spring Cloud Gateway declares its own client for proxying: it stays the only one, untouched. */
    @Test
    void aDeclaredReactiveClientIsNeitherReplacedNorWrapped() {
        ReactorNettyWebSocketClient declared = new ReactorNettyWebSocketClient();
        this.runner.withBean("reactorNettyWebSocketClient", ReactorNettyWebSocketClient.class, () -> declared)
                .run(context -> {
                    assertThat(context).hasSingleBean(WebSocketClient.class);
                    assertThat(context.getBean(WebSocketClient.class)).isSameAs(declared);
                    assertThat(context.getBean(WebSocketClient.class).getClass())
                            .isEqualTo(ReactorNettyWebSocketClient.class);
                    // The builder is still there for users who want a validating client of their own.
                    assertThat(context.getBean(ValidatingReactorNettyWebSocketClientBuilder.class).build())
                            .isInstanceOf(ValidatingReactorNettyWebSocketClient.class);
                });
    }

    @Test
    void theBuilderIsNewPerInjectionAndCustomizersApplyInOrder() {
        this.runner.withPropertyValues("handshake.connect.timeout=3s")
                .withBean("second", ValidatingReactorNettyWebSocketClientCustomizer.class,
                        () -> new Ordered(2, Duration.ofSeconds(7)))
                .withBean("first", ValidatingReactorNettyWebSocketClientCustomizer.class,
                        () -> new Ordered(1, Duration.ofSeconds(5)))
                .run(context -> {
                    assertThat(context.getBean(ValidatingReactorNettyWebSocketClientBuilder.class))
                            .isNotSameAs(context.getBean(ValidatingReactorNettyWebSocketClientBuilder.class));
                    assertThat(context.getBean(ValidatingReactorNettyWebSocketClient.class).getConnectTimeout())
                            .isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void theConnectTimeoutPropertyBoundsTheReactiveHandshake() {
        this.runner.withPropertyValues("handshake.connect.timeout=3s").run(context ->
                assertThat(context.getBean(ValidatingReactorNettyWebSocketClient.class).getConnectTimeout())
                        .isEqualTo(Duration.ofSeconds(3)));
    }

    /** WebFlux on the classpath of a servlet application (for WebClient): the reactive client must not stop it. */
    @Test
    void anOfferReactorNettyCannotMakeNeverStopsTheServletClient() {
        this.runner.withPropertyValues("handshake.extensions=permessage-deflate; client_max_window_bits")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ValidatingWebSocketClient.class).getValidator().extensions()).hasSize(1);
                    assertThat(context.getBean(ValidatingReactorNettyWebSocketClient.class).getValidator()
                            .extensions()).isEmpty();
                });
    }

    @Test
    void anOfferReactorNettyCannotMakeStopsAReactiveApplicationNamingThePropertyAndTheFix() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class,
                        HandshakeReactiveAutoConfiguration.class))
                .withPropertyValues("handshake.extensions=permessage-deflate; client_max_window_bits")
                .run(context -> {
                    assertThat(context).hasFailed();
                    InvalidHandshakePropertyException failure = cause(context.getStartupFailure());
                    assertThat(failure.getProperty()).isEqualTo("handshake.extensions[0]");
                    assertThat(failure.getFix()).contains("handshake.reactive.extensions");
                });
    }

    @Test
    void theReactiveOffersMayDifferSoTheServletClientKeepsItsOwn() {
        this.runner.withPropertyValues("handshake.extensions=permessage-deflate; client_max_window_bits",
                "handshake.reactive.extensions=permessage-deflate").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ValidatingWebSocketClient.class).getValidator().extensions().get(0)
                            .parameter("client_max_window_bits")).isPresent();
                    assertThat(context.getBean(ValidatingReactorNettyWebSocketClient.class).getValidator()
                            .extensions()).hasSize(1).allSatisfy(offer ->
                                    assertThat(offer.parameters()).isEmpty());
                });
    }

    @Test
    void anEmptyReactiveListOffersNoExtension() {
        this.runner.withPropertyValues("handshake.extensions=permessage-deflate; client_max_window_bits",
                "handshake.reactive.extensions=").run(context -> assertThat(context
                        .getBean(ValidatingReactorNettyWebSocketClient.class).getValidator().extensions()).isEmpty());
    }

    @Test
    void aBadReactiveOfferNamesItsOwnProperty() {
        this.runner.withPropertyValues("handshake.reactive.extensions=x-webkit-deflate-frame").run(context -> {
            assertThat(context).hasFailed();
            assertThat(cause(context.getStartupFailure()).getProperty())
                    .isEqualTo("handshake.reactive.extensions[0]");
        });
    }

    /** Reactor Netty is stricter here (it always requires one): that stops neither client. */
    @Test
    void aSubprotocolNotRequiredStopsNeitherClient() {
        this.runner.withPropertyValues("handshake.subprotocols=v1.chat", "handshake.subprotocol-required=false")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WebSocketClient.class)
                        .hasSingleBean(ValidatingWebSocketClient.class));
    }

    private static InvalidHandshakePropertyException cause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidHandshakePropertyException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("No InvalidHandshakePropertyException in " + failure, failure);
    }

    @Order(0)
    private record Ordered(int order, Duration timeout)
            implements ValidatingReactorNettyWebSocketClientCustomizer, org.springframework.core.Ordered {

        @Override
        public void customize(ValidatingReactorNettyWebSocketClientBuilder builder) {
            builder.connectTimeout(this.timeout);
        }

        @Override
        public int getOrder() {
            return this.order;
        }
    }
}
