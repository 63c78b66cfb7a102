package io.wshandshake.autoconfigure;

import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.client.ValidatingWebSocketClientCustomizer;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.ExtensionNegotiator;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.Negotiation;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.RsvBit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeAutoConfigurationTests {

    /** The environment of the last context run, for the failure analyzer, as Boot hands it over. */
    private final AtomicReference<ConfigurableEnvironment> environment = new AtomicReference<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
            .withInitializer(context -> this.environment.set(context.getEnvironment()));

    @Test
    void defaultsGiveAValidatorAndAValidatingClient() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(HandshakeValidator.class).hasSingleBean(WebSocketClient.class);
            assertThat(context.getBean(WebSocketClient.class)).isInstanceOf(ValidatingWebSocketClient.class);
            HandshakeValidator validator = context.getBean(HandshakeValidator.class);
            assertThat(validator.subprotocols()).isEmpty();
            assertThat(validator.extensions()).isEmpty();
            assertThat(validator.subprotocolRequired()).isTrue();
            assertThat(((PerMessageDeflateNegotiator) validator.negotiators().get("permessage-deflate"))
                    .minClientWindowBits()).isEqualTo(15);
        });
    }

    @Test
    void propertiesBindIntoTheValidatorAndTheClient() {
        this.runner.withPropertyValues("handshake.subprotocols[0]=v12.stomp", "handshake.subprotocols[1]=v11.stomp",
                "handshake.extensions[0]=permessage-deflate; server_max_window_bits=12",
                "handshake.extensions[1]=permessage-deflate; client_max_window_bits",
                "handshake.subprotocol-required=false", "handshake.connect.timeout=3s").run(context -> {
            HandshakeValidator validator = context.getBean(HandshakeValidator.class);
            assertThat(validator.subprotocols()).containsExactly("v12.stomp", "v11.stomp");
            assertThat(validator.extensions()).extracting(ExtensionElement::toString).containsExactly(
                    "permessage-deflate; server_max_window_bits=12", "permessage-deflate; client_max_window_bits");
            assertThat(validator.subprotocolRequired()).isFalse();
            ValidatingWebSocketClient client = context.getBean(ValidatingWebSocketClient.class);
            assertThat(client.getValidator()).isSameAs(validator);
            assertThat(client.getConnectTimeout()).hasSeconds(3);
        });
    }

    @Test
    void theConnectPoolIsTheClientsOwnAndNoBean() {
        ValidatingWebSocketClient[] client = new ValidatingWebSocketClient[1];
        this.runner.withPropertyValues("handshake.connect.pool-size=3").run(context -> {
            assertThat(context).doesNotHaveBean(Executor.class);
            client[0] = context.getBean(ValidatingWebSocketClient.class);
            assertThat(client[0].getTaskExecutor()).isInstanceOfSatisfying(ThreadPoolTaskExecutor.class, pool -> {
                assertThat(pool.getMaxPoolSize()).isEqualTo(3);
                assertThat(pool.getThreadNamePrefix()).isEqualTo("handshake-connect-");
            });
        });
        // Closing the context destroys the client, which shuts down the pool it made.
        assertThat(((ThreadPoolTaskExecutor) client[0].getTaskExecutor()).getThreadPoolExecutor().isShutdown())
                .isTrue();
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void bootsVirtualThreadsSwitchNeedsJava21AsInBootItself() {
        this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> assertThat(
                ((ThreadPoolTaskExecutor) context.getBean(ValidatingWebSocketClient.class).getTaskExecutor())
                        .getThreadPoolExecutor().getThreadFactory()).isInstanceOf(ThreadPoolTaskExecutor.class));
    }

    @Test
    void aUsersExecutorGivenToTheBuilderRunsTheConnectsAndStaysTheirs() {
        ThreadPoolTaskExecutor own = new ThreadPoolTaskExecutor();
        own.initialize();
        try {
            this.runner.withBean(ValidatingWebSocketClientCustomizer.class, () -> builder -> builder.taskExecutor(own))
                    .run(context -> assertThat(context.getBean(ValidatingWebSocketClient.class).getTaskExecutor())
                            .isSameAs(own));
            assertThat(own.getThreadPoolExecutor().isShutdown()).isFalse();
        }
        finally {
            own.shutdown();
        }
    }

    @Test
    void commaSeparatedPropertyValuesAreListEntries() {
        this.runner.withPropertyValues("handshake.subprotocols=a, b",
                "handshake.extensions=permessage-deflate; client_max_window_bits, permessage-deflate").run(context -> {
            HandshakeValidator validator = context.getBean(HandshakeValidator.class);
            assertThat(validator.subprotocols()).containsExactly("a", "b");
            assertThat(validator.extensions()).hasSize(2);
        });
    }

    @Test
    void disabledBacksOffEntirely() {
        this.runner.withPropertyValues("handshake.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(HandshakeValidator.class).doesNotHaveBean(WebSocketClient.class)
                .doesNotHaveBean(HandshakeProperties.class));
    }

    @Test
    void withoutSpringWebSocketOnlyTheValidator() {
        this.runner.withClassLoader(new FilteredClassLoader(StandardWebSocketClient.class)).run(context -> assertThat(
                context).hasSingleBean(HandshakeValidator.class).doesNotHaveBean(WebSocketClient.class));
    }

    @Test
    void withoutAJsr356ClientContainerOnlyTheValidator() {
        this.runner.withClassLoader(new FilteredClassLoader(
                new ClassPathResource("META-INF/services/jakarta.websocket.ContainerProvider")))
                .run(context -> assertThat(context).hasSingleBean(HandshakeValidator.class)
                        .doesNotHaveBean(WebSocketClient.class));
    }

    @Test
    void usersWebSocketClientWins() {
        StandardWebSocketClient own = new StandardWebSocketClient();
        this.runner.withBean(WebSocketClient.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(WebSocketClient.class);
            assertThat(context.getBean(WebSocketClient.class)).isSameAs(own);
        });
    }

    @Test
    void usersValidatorWinsAndFeedsTheClient() {
        HandshakeValidator own = HandshakeValidator.builder().subprotocols(java.util.List.of("mine"))
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build();
        this.runner.withBean(HandshakeValidator.class, () -> own).withPropertyValues("handshake.subprotocols=ignored")
                .run(context -> {
                    assertThat(context.getBean(HandshakeValidator.class)).isSameAs(own);
                    assertThat(context.getBean(ValidatingWebSocketClient.class).getValidator()).isSameAs(own);
                });
    }

    @Test
    void extensionNegotiatorBeansJoinTheValidator() {
        this.runner.withBean(ExtensionNegotiator.class, TestNegotiator::new).run(context -> assertThat(
                context.getBean(HandshakeValidator.class).negotiators()).containsKeys("x-test", "permessage-deflate"));
    }

    @Test
    void customizersShapeTheBuilder() {
        this.runner.withBean(ValidatingWebSocketClientCustomizer.class,
                () -> builder -> builder.connectTimeout(java.time.Duration.ofMillis(1234))).run(context -> {
            assertThat(context.getBean(ValidatingWebSocketClient.class).getConnectTimeout()).hasMillis(1234);
            // The builder is a prototype: each injection point gets its own, already customized.
            assertThat(context.getBean(ValidatingWebSocketClientBuilder.class))
                    .isNotSameAs(context.getBean(ValidatingWebSocketClientBuilder.class));
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "handshake.subprotocols[0] | 'a b'                                   | handshake.subprotocols[0]",
            "handshake.subprotocols[1] | ''                                      | handshake.subprotocols[1]",
            "handshake.subprotocols[1] | 'a,b'                                   | handshake.subprotocols[1]",
            "handshake.subprotocols[1] | 'v2.chat\nX-Injected: 1'               | handshake.subprotocols[1]",
            "handshake.subprotocols[1] | 'caf\u00e9'                             | handshake.subprotocols[1]",
            "handshake.extensions[0]   | ''                                      | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate\r\nX-Injected: 1'  | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate; server_max_window_bits=7' | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate; server_max_window_bits' | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate; client_max_window_bits=08' | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate; server_no_context_takeover=yes' | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate; client_no_context_takeover; client_no_context_takeover' | handshake.extensions[0]",
            "handshake.max-response-header-size | '0B'                           | handshake.max-response-header-size",
            "handshake.subprotocols[1] | 'v1.chat\r\nX-Injected: 1'              | handshake.subprotocols[1]",
            "handshake.subprotocols[1] | 'chat;v=1'                              | handshake.subprotocols[1]",
            "handshake.extensions[0]   | 'permessage-deflate; foo'               | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate; server_max_window_bits=16' | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate; client_max_window_bits=12' | handshake.extensions[0]",
            "handshake.extensions[0]   | 'permessage-deflate;'                    | handshake.extensions[0]",
            "handshake.extensions[0]   | 'x-webkit-deflate-frame'                | handshake.extensions[0]",
            "handshake.connect.timeout | '0s'                                    | handshake.connect.timeout",
            "handshake.connect.pool-size | '0'                                   | handshake.connect.pool-size",
            "handshake.observation.name | ''                                     | handshake.observation.name" })
    void invalidPropertiesStopStartUpWithAnExplanation(String property, String value, String named) {
        this.runner.withPropertyValues("handshake.subprotocols[0]=v1.chat").withPropertyValues(property + "=" + value)
                .run(context -> {
                    assertThat(context).hasFailed();
                    InvalidHandshakePropertyException cause = findCause(context.getStartupFailure());
                    assertThat(cause).as("startup failure cause").isNotNull();
                    FailureAnalysis analysis = new InvalidHandshakePropertyFailureAnalyzer(this.environment.get())
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'" + named + "'")
                            .doesNotContain("\r").doesNotContain("\n    X-Injected")
                            .contains("Origin: \"" + property + "\" from property source \"test\"");
                    assertThat(analysis.getAction()).isNotBlank();
                });
    }

    @Test
    void duplicateSubprotocolIsNamed() {
        this.runner.withPropertyValues("handshake.subprotocols=a,b,a").run(context -> {
            FailureAnalysis analysis = new InvalidHandshakePropertyFailureAnalyzer(this.environment.get())
                    .analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'handshake.subprotocols[2]'").contains("offered twice");
            assertThat(analysis.getAction()).contains("Remove the duplicate");
        });
    }

    @Test
    void tomcatsLimitsAreExplained() {
        this.runner.withPropertyValues("handshake.extensions=permessage-deflate, x-webkit-deflate-frame")
                .run(context -> {
                    FailureAnalysis analysis = new InvalidHandshakePropertyFailureAnalyzer(this.environment.get())
                            .analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'handshake.extensions[1]'")
                            .contains("offers only permessage-deflate");
                });
        this.runner.withPropertyValues("handshake.extensions=permessage-deflate; client_max_window_bits=10")
                .run(context -> assertThat(new InvalidHandshakePropertyFailureAnalyzer(this.environment.get())
                        .analyze(context.getStartupFailure()).getDescription())
                        .contains("below the 15 bits this client's compressor can use"));
    }

    private static InvalidHandshakePropertyException findCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidHandshakePropertyException ex) {
                return ex;
            }
        }
        return null;
    }

    static class TestNegotiator implements ExtensionNegotiator {

        @Override
        public String extensionName() {
            return "x-test";
        }

        @Override
        public Set<RsvBit> rsvBits() {
            return Set.of(RsvBit.RSV2);
        }

        @Override
        public void checkOffer(ExtensionElement offer) {
        }

        @Override
        public Negotiation negotiate(ExtensionElement offer, ExtensionElement answer) {
            return Negotiation.accepted(answer);
        }
    }
}
