package io.wshandshake.client.reactive;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeReactiveAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeReactiveJettyAutoConfiguration;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.RedactedException;
import io.wshandshake.client.SelfSignedKeystore;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.observation.HandshakeOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * wss:// with the auto-configured reactive client (Reactor Netty's, and Jetty's native one) through a Spring Boot
 * SSL bundle ({@code handshake.ssl.bundle})
 * against a real TLS Reactor Netty server whose certificate is self-signed: trusted through the bundle, refused
 * without it. The key material is the servlet {@code SecureConnectionTests}' {@link SelfSignedKeystore}.
 */
class ReactiveSecureConnectionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HandshakeAutoConfiguration.class,
                    HandshakeReactiveAutoConfiguration.class))
            .withPropertyValues("handshake.subprotocols=v2.chat");

    @Test
    void wssUsesTheConfiguredSslBundle(@TempDir Path dir) throws Exception {
        wssTrustsTheBundleOnly(this.runner, dir);
    }

    /** The same with {@code handshake.reactive.client=jetty}: the bundle reaches the Jetty client's TLS. */
    @Test
    void wssOnJettysNativeClientUsesTheConfiguredSslBundle(@TempDir Path dir) throws Exception {
        ApplicationContextRunner jetty = this.runner
                .withConfiguration(AutoConfigurations.of(HandshakeReactiveJettyAutoConfiguration.class))
                .withPropertyValues("handshake.reactive.client=jetty");
        jetty.run(context -> assertThat(context.getBean(WebSocketClient.class))
                .isInstanceOf(ValidatingJettyWebSocketClient.class));
        wssTrustsTheBundleOnly(jetty, dir);
    }

    private static void wssTrustsTheBundleOnly(ApplicationContextRunner runner, Path dir) throws Exception {
        Path keystore = SelfSignedKeystore.create(dir);
        DisposableServer server = tlsEchoServer(keystore);
        try {
            URI uri = URI.create("wss://localhost:" + server.port() + "/echo");
            runner.withPropertyValues("handshake.ssl.bundle=client",
                    "spring.ssl.bundle.jks.client.truststore.location=file:" + keystore,
                    "spring.ssl.bundle.jks.client.truststore.password=" + SelfSignedKeystore.PASSWORD,
                    "spring.ssl.bundle.jks.client.truststore.type=PKCS12").run(context -> {
                AtomicReference<HandshakeResult> result = new AtomicReference<>();
                context.getBean(WebSocketClient.class).execute(uri, session -> {
                    result.set(HandshakeAttributes.result(session.getAttributes()).orElse(null));
                    return session.close();
                }).block(Duration.ofSeconds(10));
                assertThat(result.get()).as("the handshake result in the session's attributes").isNotNull();
                assertThat(result.get().subprotocol()).contains("v2.chat");
            });
            // Without the bundle the JDK does not trust the self-signed certificate: a transport error, no handler.
            runner.run(context -> {
                AtomicBoolean handled = new AtomicBoolean();
                Throwable failure = catchThrowable(() -> context.getBean(WebSocketClient.class).execute(uri,
                        session -> {
                            handled.set(true);
                            return session.close();
                        }).block(Duration.ofSeconds(10)));
                // The container's exception reaches the caller redacted, its class named in the message.
                assertThat(causes(failure)).as("the cause chain of %s", failure).anyMatch(cause ->
                        cause instanceof RedactedException && cause.getMessage().startsWith(
                                SSLHandshakeException.class.getName() + ": PKIX path building failed"));
                assertThat(HandshakeOutcome.ofFailure(failure)).isEqualTo(HandshakeOutcome.TRANSPORT_ERROR);
                assertThat(handled).isFalse();
            });
        }
        finally {
            server.disposeNow();
        }
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    /** A Reactor Netty echo server over TLS with the keystore's certificate, choosing {@code v2.chat}. */
    private static DisposableServer tlsEchoServer(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, SelfSignedKeystore.PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, SelfSignedKeystore.PASSWORD.toCharArray());
        return HttpServer.create().host("127.0.0.1").port(0)
                .secure(ssl -> ssl.sslContext(Http11SslContextSpec.forServer(keyManagers)))
                .route(routes -> routes.ws("/echo", (in, out) -> out.sendObject(in.receiveFrames()
                        .map(frame -> frame.retain())), WebsocketServerSpec.builder().protocols("v2.chat").build()))
                .bindNow();
    }
}
