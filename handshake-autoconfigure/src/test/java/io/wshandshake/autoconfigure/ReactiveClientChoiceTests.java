package io.wshandshake.autoconfigure;

import java.time.Duration;

import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.client.reactive.ValidatingJettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClientBuilder;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;
import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code handshake.reactive.client} with all three reactive auto-configurations, in context runners: each value gives
 * its client and only it; a value that names no client, or a client that is not on the classpath, stops the start
 * naming the property; a declared reactive client is never replaced.
 */
class ReactiveClientChoiceTests {

    private static final String JETTY_NATIVE_CLIENT = "org.eclipse.jetty.websocket.client.WebSocketClient";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class,
                    HandshakeReactiveAutoConfiguration.class, HandshakeReactiveStandardAutoConfiguration.class,
                    HandshakeReactiveJettyAutoConfiguration.class));

    @Test
    void autoIsReactorNettysWhenPresent() {
        this.runner.run(context -> assertThat(context).hasSingleBean(WebSocketClient.class)
                .hasSingleBean(ValidatingReactorNettyWebSocketClient.class));
    }

    @Test
    void autoIsTheJsr356OneWithoutReactorNetty() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.reactive.client=auto")
                .run(context -> assertThat(context).hasSingleBean(WebSocketClient.class)
                        .hasSingleBean(ValidatingStandardWebSocketClient.class));
    }

    @Test
    void reactorNettyChosenByName() {
        this.runner.withPropertyValues("handshake.reactive.client=reactor-netty")
                .run(context -> assertThat(context).hasSingleBean(WebSocketClient.class)
                        .hasSingleBean(ValidatingReactorNettyWebSocketClient.class));
    }

    @Test
    void standardIsTheJsr356OneEvenBesideReactorNettyOnTheContainerHandshakeContainerPicks() {
        this.runner.withPropertyValues("handshake.reactive.client=standard", "handshake.container=jetty")
                .run(context -> {
                    assertThat(context).hasSingleBean(WebSocketClient.class)
                            .hasSingleBean(ValidatingStandardWebSocketClient.class);
                    assertThat(ClientContainer.of(context.getBean(ValidatingStandardWebSocketClient.class)
                            .getWebSocketContainer())).isEqualTo(ClientContainer.JETTY);
                    // Reactor Netty's builder stays for a client of the user's own.
                    assertThat(context).hasSingleBean(ValidatingReactorNettyWebSocketClientBuilder.class);
                });
    }

    @Test
    void jettyIsJettysNativeClientAndTheOnlyReactiveOne() {
        this.runner.withPropertyValues("handshake.reactive.client=jetty", "handshake.subprotocols=v1.chat")
                .run(context -> {
                    assertThat(context).hasSingleBean(WebSocketClient.class)
                            .hasSingleBean(ValidatingJettyWebSocketClient.class)
                            .doesNotHaveBean(ValidatingReactorNettyWebSocketClient.class)
                            .doesNotHaveBean(ValidatingStandardWebSocketClient.class);
                    ValidatingJettyWebSocketClient client = context.getBean(ValidatingJettyWebSocketClient.class);
                    assertThat(client.getValidator().subprotocols()).containsExactly("v1.chat");
                    assertThat(client.getConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(client.isRunning()).isTrue();
                });
    }

    @Test
    void valuesAreCaseInsensitiveAndTrimmed() {
        this.runner.withPropertyValues("handshake.reactive.client= Jetty ")
                .run(context -> assertThat(context).hasSingleBean(ValidatingJettyWebSocketClient.class));
        this.runner.withPropertyValues("handshake.reactive.client=STANDARD")
                .run(context -> assertThat(context).hasSingleBean(ValidatingStandardWebSocketClient.class));
    }

    @Test
    void jettyWithoutReactorNettyToo() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.reactive.client=jetty")
                .run(context -> assertThat(context).hasSingleBean(WebSocketClient.class)
                        .hasSingleBean(ValidatingJettyWebSocketClient.class));
    }

    /** handshake.container is the JSR-356 choice: the servlet client's, never the native Jetty client's. */
    @Test
    void handshakeContainerStaysTheServletClientsBesideTheJettyOne() {
        this.runner.withPropertyValues("handshake.reactive.client=jetty", "handshake.container=tomcat")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ValidatingJettyWebSocketClient.class);
                    assertThat(ClientContainer.of(context.getBean(ValidatingWebSocketClient.class)
                            .getWebSocketContainer()))
                            .isEqualTo(ClientContainer.TOMCAT);
                });
    }

    @Test
    void theConnectTimeoutIsTheJettyClientsDeadline() {
        this.runner.withPropertyValues("handshake.reactive.client=jetty", "handshake.connect.timeout=3s")
                .run(context -> assertThat(context.getBean(ValidatingJettyWebSocketClient.class)
                        .getConnectTimeout()).isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void aBadConnectTimeoutNamesItsProperty() {
        this.runner.withPropertyValues("handshake.reactive.client=jetty", "handshake.connect.timeout=0s")
                .run(context -> assertThat(cause(context).getProperty()).isEqualTo("handshake.connect.timeout"));
    }

    @Test
    void theJettyClientStopsWithTheContext() {
        ValidatingJettyWebSocketClient[] client = new ValidatingJettyWebSocketClient[1];
        this.runner.withPropertyValues("handshake.reactive.client=jetty").run(context -> {
            client[0] = context.getBean(ValidatingJettyWebSocketClient.class);
            assertThat(client[0].getJettyClient().isRunning()).isTrue();
        });
        assertThat(client[0].getJettyClient().isStopped()).isTrue();
    }

    @Test
    void aDeclaredReactiveClientIsNeverReplacedByTheJettyOne() {
        ReactorNettyWebSocketClient declared = new ReactorNettyWebSocketClient();
        this.runner.withPropertyValues("handshake.reactive.client=jetty")
                .withBean("mine", ReactorNettyWebSocketClient.class, () -> declared)
                .run(context -> {
                    assertThat(context).hasSingleBean(WebSocketClient.class)
                            .doesNotHaveBean(ValidatingJettyWebSocketClient.class);
                    assertThat(context.getBean(WebSocketClient.class)).isSameAs(declared);
                });
    }

    @Test
    void theReactiveExtensionOffersApplyToTheJettyClient() {
        this.runner.withPropertyValues("handshake.reactive.client=jetty",
                "handshake.extensions=permessage-deflate; server_max_window_bits=12",
                "handshake.reactive.extensions=permessage-deflate").run(context -> {
                    assertThat(context.getBean(ValidatingWebSocketClient.class).getValidator().extensions().get(0)
                            .parameter("server_max_window_bits")).isPresent();
                    assertThat(context.getBean(ValidatingJettyWebSocketClient.class).getValidator().extensions())
                            .singleElement().satisfies(offer -> assertThat(offer.parameters()).isEmpty());
                });
        this.runner.withPropertyValues("handshake.reactive.client=jetty", "handshake.extensions=permessage-deflate",
                "handshake.reactive.extensions=").run(context -> assertThat(context
                        .getBean(ValidatingJettyWebSocketClient.class).getValidator().extensions()).isEmpty());
    }

    @Test
    void aReactiveOfferJettyCannotHonourStopsTheStartNamingIt() {
        this.runner.withPropertyValues("handshake.reactive.client=jetty",
                "handshake.reactive.extensions=permessage-deflate; client_no_context_takeover").run(context -> {
                    InvalidHandshakePropertyException failure = cause(context);
                    assertThat(failure.getProperty()).isEqualTo("handshake.reactive.extensions[0]");
                    assertThat(failure.getProblem()).contains("client_no_context_takeover");
                });
    }

    @Test
    void aSharedOfferJettyCannotHonourNamesHandshakeExtensionsAndTheReactiveProperty() {
        this.runner.withPropertyValues("handshake.reactive.client=jetty", "handshake.container=tomcat",
                "handshake.extensions=permessage-deflate; client_no_context_takeover").run(context -> {
                    InvalidHandshakePropertyException failure = cause(context);
                    assertThat(failure.getProperty()).isEqualTo("handshake.extensions[0]");
                    assertThat(failure.getFix()).contains("handshake.reactive.extensions");
                });
    }

    @Test
    void aValueThatNamesNoClientStopsTheStart() {
        this.runner.withPropertyValues("handshake.reactive.client=netty").run(context -> {
            InvalidHandshakePropertyException failure = cause(context);
            assertThat(failure.getProperty()).isEqualTo("handshake.reactive.client");
            assertThat(failure.getValue()).isEqualTo("\"netty\"");
            assertThat(failure.getProblem()).isEqualTo("it names no WebFlux client");
            assertThat(failure.getFix()).contains("auto", "reactor-netty", "standard", "jetty");
        });
        // Reactor Netty's configuration out of the way: the JSR-356 and Jetty ones refuse it as well.
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.reactive.client=")
                .run(context -> assertThat(cause(context).getProperty()).isEqualTo("handshake.reactive.client"));
    }

    @Test
    void jettyWithoutJettysNativeClientStopsTheStart() {
        this.runner.withClassLoader(new FilteredClassLoader(JETTY_NATIVE_CLIENT))
                .withPropertyValues("handshake.reactive.client=jetty").run(context -> {
                    InvalidHandshakePropertyException failure = cause(context);
                    assertThat(failure.getProperty()).isEqualTo("handshake.reactive.client");
                    assertThat(failure.getProblem()).isEqualTo("that client is not on the classpath");
                    assertThat(failure.getFix()).contains("org.eclipse.jetty.websocket:jetty-websocket-jetty-client");
                });
    }

    @Test
    void reactorNettyWithoutReactorNettyStopsTheStart() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class))
                .withPropertyValues("handshake.reactive.client=reactor-netty").run(context -> {
                    InvalidHandshakePropertyException failure = cause(context);
                    assertThat(failure.getProblem()).isEqualTo("that client is not on the classpath");
                    assertThat(failure.getFix()).contains("io.projectreactor.netty:reactor-netty-http");
                });
    }

    @Test
    void standardWithoutSpringWebSocketOrAContainerStopsTheStart() {
        this.runner.withClassLoader(new FilteredClassLoader(
                org.springframework.web.socket.client.standard.StandardWebSocketClient.class))
                .withPropertyValues("handshake.reactive.client=standard")
                .run(context -> assertThat(cause(context).getFix()).contains("spring-websocket"));
        this.runner.withClassLoader(new FilteredClassLoader(ContainerProvider.class))
                .withPropertyValues("handshake.reactive.client=standard")
                .run(context -> assertThat(cause(context).getProblem())
                        .isEqualTo("that client is not on the classpath"));
    }

    /** Where the JSR-356 client is only the fallback, a missing container still leaves no client and no failure. */
    @Test
    void autoWithoutAnyClientStillStartsWithNone() {
        this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class, ContainerProvider.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketClient.class));
    }

    @Test
    void turnedOffTheValueIsNeverRead() {
        this.runner.withPropertyValues("handshake.enabled=false", "handshake.reactive.client=netty")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketClient.class));
    }

    @Test
    void withoutWebFluxTheValueIsNeverRead() {
        this.runner.withClassLoader(new FilteredClassLoader("org.springframework.web.reactive"))
                .withPropertyValues("handshake.reactive.client=netty")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketClient.class));
    }

    private static InvalidHandshakePropertyException cause(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidHandshakePropertyException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("No InvalidHandshakePropertyException in " + context.getStartupFailure(),
                context.getStartupFailure());
    }
}
