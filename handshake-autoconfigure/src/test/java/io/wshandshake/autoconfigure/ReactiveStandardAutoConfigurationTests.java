package io.wshandshake.autoconfigure;

import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;
import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/** When WebFlux's reactive client falls back to the JSR-356 one, and when it leaves the bean to others. */
class ReactiveStandardAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class,
                    HandshakeReactiveStandardAutoConfiguration.class));

    @Test
    void withoutReactorNettyTheReactiveClientIsTheValidatingJsr356One() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class)).run(context -> {
            assertThat(context).hasSingleBean(WebSocketClient.class)
                    .hasSingleBean(ValidatingStandardWebSocketClient.class);
            assertThat(ClientContainer.of(context.getBean(ValidatingStandardWebSocketClient.class)
                    .getWebSocketContainer())).isEqualTo(ClientContainer.TOMCAT);
        });
    }

    @Test
    void handshakeContainerChoosesAmongThePresentContainers() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.container=jetty")
                .run(context -> assertThat(ClientContainer.of(context
                        .getBean(ValidatingStandardWebSocketClient.class).getWebSocketContainer()))
                        .isEqualTo(ClientContainer.JETTY));
    }

    @Test
    void withReactorNettyTheBeanIsLeftToTheReactorNettyRule() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(ValidatingStandardWebSocketClient.class));
    }

    @Test
    void aUsersReactiveClientIsNeverReplaced() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withBean("mine", WebSocketClient.class,
                        org.springframework.web.reactive.socket.client.StandardWebSocketClient::new)
                .run(context -> assertThat(context).hasSingleBean(WebSocketClient.class)
                        .doesNotHaveBean(ValidatingStandardWebSocketClient.class));
    }

    @Test
    void turnedOffWithTheRestOfTheStarter() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ValidatingStandardWebSocketClient.class));
    }
    @Test
    void withoutSpringWebSocketThereIsNoFallbackAndNoFailure() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class,
                org.springframework.web.socket.client.standard.StandardWebSocketClient.class)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(WebSocketClient.class);
                });
    }

    @Test
    void withoutAJsr356ContainerThereIsNoFallbackAndNoFailure() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class, ContainerProvider.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(WebSocketClient.class);
                });
    }

    @Test
    void theServletClientAndTheReactiveOneAreTwoClientsEachWithItsOwnContainer() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class)).run(context -> {
            assertThat(context).hasSingleBean(ValidatingWebSocketClient.class)
                    .hasSingleBean(ValidatingStandardWebSocketClient.class);
            assertThat(context.getBean(ValidatingStandardWebSocketClient.class).getClient())
                    .isNotSameAs(context.getBean(ValidatingWebSocketClient.class));
        });
    }

    @Test
    void aUsersServletClientLeavesTheReactiveOneInPlace() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withBean("mine", org.springframework.web.socket.client.WebSocketClient.class,
                        org.springframework.web.socket.client.standard.StandardWebSocketClient::new)
                .run(context -> assertThat(context).doesNotHaveBean(ValidatingWebSocketClient.class)
                        .hasSingleBean(ValidatingStandardWebSocketClient.class));
    }

    @Test
    void theReactiveExtensionOffersApplyWhenSet() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.extensions=permessage-deflate", "handshake.reactive.extensions=")
                .run(context -> {
                    assertThat(context.getBean(ValidatingWebSocketClient.class).getValidator().extensions())
                            .hasSize(1);
                    assertThat(context.getBean(ValidatingStandardWebSocketClient.class).getValidator()
                            .extensions()).isEmpty();
                });
    }

    @Test
    void aReactiveOfferTheContainerCannotHonourStopsTheStartNamingIt() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.reactive.extensions=permessage-deflate; client_max_window_bits=10")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (!(failure instanceof InvalidHandshakePropertyException) && failure.getCause() != null) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).isInstanceOf(InvalidHandshakePropertyException.class);
                    assertThat(((InvalidHandshakePropertyException) failure).getProperty())
                            .isEqualTo("handshake.reactive.extensions[0]");
                });
    }
}
