package io.wshandshake.client;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeReactiveStandardAutoConfiguration;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.testserver.TestContexts;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * wss:// through a Spring Boot SSL bundle against a real TLS server, and the source of the handshake key, on each
 * container: on Jetty's the bundle reaches the wire through the {@code HttpClient} the client builds from it (Jetty
 * ignores {@code ClientEndpointConfig.getSSLContext()}).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ClientContainer.class)
class SecureConnectionTests {

    private final ApplicationContextRunner runner;

    SecureConnectionTests(ClientContainer container) {
        this.runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HandshakeAutoConfiguration.class))
                .withPropertyValues(TestContexts.container(container));
    }

    @Test
    void wssUsesTheConfiguredSslBundle(@TempDir Path dir) throws Exception {
        Path keystore = SelfSignedKeystore.create(dir);
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(TestServerApplication.class)
                .properties("server.port=0", "handshake.enabled=false", "spring.main.banner-mode=off",
                        "server.ssl.bundle=server", "spring.ssl.bundle.jks.server.keystore.location=file:" + keystore,
                        "spring.ssl.bundle.jks.server.keystore.password=secret",
                        "spring.ssl.bundle.jks.server.keystore.type=PKCS12")
                .run()) {
            String uri = "wss://localhost:" + TestServerApplication.port(server) + "/echo";
            this.runner.withPropertyValues("handshake.subprotocols=v2.chat", "handshake.ssl.bundle=client",
                    "spring.ssl.bundle.jks.client.truststore.location=file:" + keystore,
                    "spring.ssl.bundle.jks.client.truststore.password=secret",
                    "spring.ssl.bundle.jks.client.truststore.type=PKCS12").run(context -> {
                WebSocketSession session = context.getBean(WebSocketClient.class)
                        .execute(new RecordingHandler(), uri).get(10, TimeUnit.SECONDS);
                assertThat(HandshakeAttributes.result(session).orElseThrow().subprotocol()).contains("v2.chat");
                session.close();
            });
            // Without the bundle the JDK does not trust the self-signed certificate: a transport error.
            this.runner.withPropertyValues("handshake.subprotocols=v2.chat").run(context -> {
                ExecutionException ex = assertThrows(ExecutionException.class, () -> context
                        .getBean(WebSocketClient.class).execute(new RecordingHandler(), uri).get(10, TimeUnit.SECONDS));
                assertThat(io.wshandshake.observation.HandshakeOutcome.ofFailure(ex))
                        .isEqualTo(io.wshandshake.observation.HandshakeOutcome.TRANSPORT_ERROR);
            });
        }
    }

    @Test
    void wssOfTheReactiveJsr356ClientUsesTheConfiguredSslBundle(@TempDir Path dir) throws Exception {
        Path keystore = SelfSignedKeystore.create(dir);
        ApplicationContextRunner reactive = this.runner
                .withConfiguration(AutoConfigurations.of(HandshakeReactiveStandardAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(reactor.netty.http.client.HttpClient.class));
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(TestServerApplication.class)
                .properties("server.port=0", "handshake.enabled=false", "spring.main.banner-mode=off",
                        "server.ssl.bundle=server", "spring.ssl.bundle.jks.server.keystore.location=file:" + keystore,
                        "spring.ssl.bundle.jks.server.keystore.password=secret",
                        "spring.ssl.bundle.jks.server.keystore.type=PKCS12")
                .run()) {
            URI uri = URI.create("wss://localhost:" + TestServerApplication.port(server) + "/echo");
            reactive.withPropertyValues("handshake.subprotocols=v2.chat", "handshake.ssl.bundle=client",
                    "spring.ssl.bundle.jks.client.truststore.location=file:" + keystore,
                    "spring.ssl.bundle.jks.client.truststore.password=secret",
                    "spring.ssl.bundle.jks.client.truststore.type=PKCS12").run(context -> {
                AtomicReference<Object> subprotocol = new AtomicReference<>();
                context.getBean(org.springframework.web.reactive.socket.client.WebSocketClient.class)
                        .execute(uri, session -> {
                            subprotocol.set(session.getAttributes().get(HandshakeAttributes.SUBPROTOCOL));
                            return session.close();
                        }).block(Duration.ofSeconds(10));
                assertThat(subprotocol.get()).isEqualTo("v2.chat");
            });
            // Without the bundle the JDK does not trust the self-signed certificate: a transport error.
            reactive.withPropertyValues("handshake.subprotocols=v2.chat").run(context -> {
                Throwable failure = catchThrowable(() -> context
                        .getBean(org.springframework.web.reactive.socket.client.WebSocketClient.class)
                        .execute(uri, session -> session.close()).block(Duration.ofSeconds(10)));
                assertThat(io.wshandshake.observation.HandshakeOutcome.ofFailure(failure))
                        .isEqualTo(io.wshandshake.observation.HandshakeOutcome.TRANSPORT_ERROR);
            });
        }
    }

    @Test
    void theKeyOnTheWireComesFromTheValidatorsSecureRandomNotTomcatsRandom() {
        SecureRandom sevens = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 7);
            }
        };
        HandshakeValidator validator = HandshakeValidator.builder().secureRandom(sevens)
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build();
        this.runner.withBean(HandshakeValidator.class, () -> validator).run(context -> {
            try (ScriptedServer server = new ScriptedServer(key -> "HTTP/1.1 404 Not Found\r\n\r\n")) {
                assertThrows(ExecutionException.class, () -> context.getBean(WebSocketClient.class)
                        .execute(new RecordingHandler(), server.uri().toString()).get(10, TimeUnit.SECONDS));
                byte[] sevenKey = new byte[16];
                Arrays.fill(sevenKey, (byte) 7);
                assertThat(server.nextExchange().request())
                        .contains("Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(sevenKey) + "\r\n");
            }
        });
    }
}
