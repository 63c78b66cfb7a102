package io.wshandshake.client.reactive;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The validating Reactor Netty client over HTTP/2 (RFC 8441; cleartext h2c with prior knowledge, and h2 over TLS)
 * against real Reactor Netty servers: a WebSocket echo server, and servers whose handler answers the extended CONNECT itself,
 * wrongly. Refusals fail the {@code Mono} before the handler runs.
 */
class ReactorNettyHttp2Tests {

    private static DisposableServer echo;

    private final ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();

    private final AtomicInteger handlerRuns = new AtomicInteger();

    private final WebSocketHandler handler = session -> {
        this.handlerRuns.incrementAndGet();
        return session.close();
    };

    @BeforeAll
    static void startServer() {
        echo = ReactorNettyServers.echo(HttpProtocol.H2C);
    }

    @AfterAll
    static void stopServer() {
        echo.disposeNow();
    }

    private ValidatingReactorNettyWebSocketClient client(HandshakeValidator validator) {
        return new ValidatingReactorNettyWebSocketClientBuilder(validator)
                .httpClient(HttpClient.create().protocol(HttpProtocol.H2C)).listener(this.recorder)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private ValidatingReactorNettyWebSocketClient chat() {
        return client(HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                .extensions(List.of("permessage-deflate")).build());
    }

    @Test
    void aValidatedRoundTripOverHttp2WithSubprotocolAndPermessageDeflate() {
        AtomicReference<Map<String, Object>> attributes = new AtomicReference<>();
        AtomicReference<String> echoed = new AtomicReference<>();
        AtomicReference<String> subprotocol = new AtomicReference<>();
        WebSocketHandler roundTrip = session -> {
            attributes.set(Map.copyOf(session.getAttributes()));
            subprotocol.set(session.getHandshakeInfo().getSubProtocol());
            return session.send(Mono.just(session.textMessage("hello over h2")))
                    .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                    .doOnNext(echoed::set)
                    .then(session.close());
        };
        chat().execute(URI.create("ws://127.0.0.1:" + echo.port() + "/echo"), roundTrip)
                .block(Duration.ofSeconds(10));
        assertThat(echoed.get()).isEqualTo("hello over h2");
        assertThat(subprotocol.get()).isEqualTo("v1.chat");
        HandshakeResult result = HandshakeAttributes.result(attributes.get()).orElseThrow();
        assertThat(result.subprotocol()).contains("v1.chat");
        assertThat(result.extensions()).singleElement().satisfies(extension -> {
            assertThat(extension.name()).isEqualTo("permessage-deflate");
            assertThat(extension.offerIndex()).isZero();
        });
        assertThat(attributes.get()).containsEntry(HandshakeAttributes.SUBPROTOCOL, "v1.chat");
        assertThat(attributes.get().get(HandshakeAttributes.PER_MESSAGE_DEFLATE))
                .isInstanceOf(PerMessageDeflateParameters.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> this.recorder.events.size() == 3);
        assertThat(this.recorder.events).containsExactly("started", "opened v1.chat", "closed");
    }

    @Test
    void anUnofferedSubprotocolIsRefusedBeforeTheHandlerRuns() {
        assertRefused(answering(200, "sec-websocket-protocol", "v9.chat"), FailureReason.SUBPROTOCOL_NOT_OFFERED);
    }

    @Test
    void noSubprotocolIsRefusedWhenOneIsRequired() {
        assertRefused(answering(200), FailureReason.SUBPROTOCOL_MISSING);
    }

    @Test
    void anUnofferedExtensionIsRefusedBeforeTheHandlerRuns() {
        assertRefused(answering(200, "sec-websocket-protocol", "v1.chat", "sec-websocket-extensions", "x-other"),
                FailureReason.EXTENSION_NOT_OFFERED);
    }

    /** Netty's legacy deflate-frame offers are taken off the HEADERS frame: choosing one chooses what was not sent. */
    @Test
    void theLegacyDeflateFrameOfferIsNotSent() {
        assertRefused(answering(200, "sec-websocket-protocol", "v1.chat", "sec-websocket-extensions",
                "x-webkit-deflate-frame"), FailureReason.EXTENSION_NOT_OFFERED);
    }

    @Test
    void parametersNoOfferAllowsAreRefused() {
        assertRefused(answering(200, "sec-websocket-protocol", "v1.chat", "sec-websocket-extensions",
                "permessage-deflate; server_max_window_bits=7"), FailureReason.EXTENSION_PARAMETERS_REJECTED);
    }

    @Test
    void aNon200AnswerIsRefusedWithItsStatus() {
        HandshakeException refused = assertRefused(answering(403, "sec-websocket-protocol", "v1.chat"),
                FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(refused.status()).hasValue(403);
        assertThat(refused).hasMessageContaining("RFC 8441");
    }

    /**
     * The validator would accept this answer; Reactor Netty's HTTP/2 handshaker refuses it (it words its message
     * otherwise than Netty's HTTP/1.1 one), and the refusal is in the same taxonomy.
     */
    @Test
    void reactorNettysOwnRefusalOfNoSubprotocolIsSubprotocolMissing() {
        ValidatingReactorNettyWebSocketClient lenient = client(HandshakeValidator.builder()
                .subprotocols(List.of("v1.chat")).subprotocolRequired(false).build());
        DisposableServer server = h2cServer(answering(200));
        try {
            Throwable failure = catchThrowable(() -> lenient.execute(uri(server), this.handler)
                    .block(Duration.ofSeconds(10)));
            assertThat(failure).isInstanceOf(HandshakeException.class);
            assertThat(((HandshakeException) failure).reason()).isEqualTo(FailureReason.SUBPROTOCOL_MISSING);
            assertThat(this.handlerRuns).hasValue(0);
            assertThat(this.recorder.events).containsExactly("started", "failed HandshakeException");
        }
        finally {
            server.disposeNow();
        }
    }

    /** The attempt's lifecycle is the one of HTTP/1.1, so is its observation: one timed handshake per attempt. */
    @Test
    void theHandshakeObservationIsRecordedOverHttp2() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        ValidatingReactorNettyWebSocketClient observed = new ValidatingReactorNettyWebSocketClientBuilder(
                HandshakeValidator.builder().subprotocols(List.of("v1.chat")).build())
                .httpClient(HttpClient.create().protocol(HttpProtocol.H2C)).observationRegistry(observations)
                .build();
        observed.execute(URI.create("ws://127.0.0.1:" + echo.port() + "/echo"), session -> session.close())
                .block(Duration.ofSeconds(10));
        DisposableServer rogue = h2cServer(answering(200, "sec-websocket-protocol", "v9.chat"));
        try {
            assertThat(catchThrowable(() -> observed.execute(uri(rogue), this.handler)
                    .block(Duration.ofSeconds(10)))).isInstanceOf(HandshakeException.class);
        }
        finally {
            rogue.disposeNow();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> meters
                .find("websocket.client.handshake").timers().stream().mapToLong(Timer::count).sum() == 2);
        assertThat(meters.find("websocket.client.handshake").timers()).as("one timer per outcome").hasSize(2)
                .allSatisfy(timer -> assertThat(timer.count()).isEqualTo(1));
    }

    /**
     * A client that may upgrade to h2c ({@code HTTP11} and {@code H2C}): Reactor Netty 1.3.8 itself cannot run a
     * WebSocket on it (a {@code ClassCastException} inside its client, without this starter too). Whatever it does,
     * no handler runs on an answer the validator did not accept: the session it gets is validated, or the connect
     * fails and no handler runs.
     */
    @Test
    void aClientThatMayUpgradeToH2cNeverRunsTheHandlerUnvalidated() {
        DisposableServer server = ReactorNettyServers.echo(HttpServer.create()
                .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C));
        try {
            ValidatingReactorNettyWebSocketClient client = new ValidatingReactorNettyWebSocketClientBuilder(
                    HandshakeValidator.builder().subprotocols(List.of("v1.chat")).build())
                    .httpClient(HttpClient.create().protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)).build();
            AtomicReference<Object> result = new AtomicReference<>();
            Throwable failure = catchThrowable(() -> client.execute(URI.create("ws://127.0.0.1:" + server.port()
                    + "/echo"), session -> {
                        this.handlerRuns.incrementAndGet();
                        result.set(HandshakeAttributes.result(session.getAttributes()).orElse(null));
                        return session.close();
                    }).block(Duration.ofSeconds(10)));
            if (failure == null) {
                assertThat(result.get()).as("the handler's session is validated").isNotNull();
            }
            else {
                assertThat(this.handlerRuns).as("handler runs after a failed connect").hasValue(0);
            }
        }
        finally {
            server.disposeNow();
        }
    }

    /** A 200 whose HEADERS frame ends the stream leaves nothing for a WebSocket to run on. */
    @Test
    void a200ThatEndsTheStreamIsRefused() {
        HandshakeException refused = assertRefused((request, response) -> response.status(200)
                .header("sec-websocket-protocol", "v1.chat").send(), FailureReason.RESPONSE_MALFORMED);
        assertThat(refused).hasMessageContaining("END_STREAM");
    }

    /** Over TLS the stream is negotiated by ALPN ("h2"); the same validation holds. */
    @Test
    void aValidatedRoundTripOverHttp2WithTls(@TempDir Path dir) throws Exception {
        char[] password = "secret".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(selfSignedKeystore(dir))) {
            keyStore.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        DisposableServer server = ReactorNettyServers.echo(HttpServer.create().protocol(HttpProtocol.H2)
                .secure(ssl -> ssl.sslContext(Http2SslContextSpec.forServer(keys))));
        try {
            HttpClient h2 = HttpClient.create().protocol(HttpProtocol.H2).secure(ssl -> ssl.sslContext(
                    Http2SslContextSpec.forClient().configure(builder -> builder.trustManager(trust))));
            ValidatingReactorNettyWebSocketClient client = new ValidatingReactorNettyWebSocketClientBuilder(
                    HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                            .extensions(List.of("permessage-deflate")).build())
                    .httpClient(h2).listener(this.recorder).build();
            AtomicReference<Object> deflate = new AtomicReference<>();
            AtomicReference<String> echoed = new AtomicReference<>();
            client.execute(URI.create("wss://127.0.0.1:" + server.port() + "/echo"), session -> {
                deflate.set(session.getAttributes().get(HandshakeAttributes.PER_MESSAGE_DEFLATE));
                return session.send(Mono.just(session.textMessage("hello over h2 and tls")))
                        .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                        .doOnNext(echoed::set)
                        .then(session.close());
            }).block(Duration.ofSeconds(10));
            assertThat(echoed.get()).isEqualTo("hello over h2 and tls");
            assertThat(deflate.get()).isInstanceOf(PerMessageDeflateParameters.class);
            assertThat(this.recorder.events).startsWith("started", "opened v1.chat");
        }
        finally {
            server.disposeNow();
        }
    }

    /** What the client offered is read from the HEADERS frame it wrote, and the server saw exactly that. */
    @Test
    void theOffersJudgedAreTheOffersTheServerReceived() {
        AtomicReference<String> receivedExtensions = new AtomicReference<>();
        AtomicReference<String> receivedProtocol = new AtomicReference<>();
        AtomicReference<String> receivedKey = new AtomicReference<>();
        DisposableServer server = h2cServer((request, response) -> {
            receivedExtensions.set(request.requestHeaders().get("sec-websocket-extensions"));
            receivedProtocol.set(request.requestHeaders().get("sec-websocket-protocol"));
            receivedKey.set(request.requestHeaders().get("sec-websocket-key"));
            return response.status(200).header("sec-websocket-protocol", "v9.chat").sendHeaders()
                    .then(Mono.never());
        });
        try {
            Throwable failure = catchThrowable(() -> chat().execute(uri(server), this.handler)
                    .block(Duration.ofSeconds(10)));
            assertThat(HandshakeException.find(failure)).get().extracting(HandshakeException::reason)
                    .isEqualTo(FailureReason.SUBPROTOCOL_NOT_OFFERED);
        }
        finally {
            server.disposeNow();
        }
        assertThat(receivedExtensions.get()).isEqualTo("permessage-deflate");
        assertThat(receivedProtocol.get()).isEqualTo("v1.chat");
        assertThat(receivedKey.get()).isNull();
    }

    /** A server that does not announce SETTINGS_ENABLE_CONNECT_PROTOCOL gets no extended CONNECT at all. */
    @Test
    void aServerWithoutExtendedConnectFailsTheConnectAndNoHandlerRuns() {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).protocol(HttpProtocol.H2C)
                .handle((request, response) -> response.status(200).send(Mono.never())).bindNow();
        try {
            Throwable failure = catchThrowable(() -> chat().execute(uri(server), this.handler)
                    .block(Duration.ofSeconds(10)));
            assertThat(failure).isNotNull().hasMessageContaining("SETTINGS_ENABLE_CONNECT_PROTOCOL");
            assertThat(this.handlerRuns).hasValue(0);
            assertThat(this.recorder.events).hasSize(2).startsWith("started");
        }
        finally {
            server.disposeNow();
        }
    }

    private HandshakeException assertRefused(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> answer,
            FailureReason reason) {
        CountDownLatch streamClosed = new CountDownLatch(1);
        DisposableServer server = h2cServer((request, response) -> {
            response.withConnection(stream -> stream.onDispose(streamClosed::countDown));
            return answer.apply(request, response);
        });
        try {
            Throwable failure = catchThrowable(() -> chat().execute(uri(server), this.handler)
                    .block(Duration.ofSeconds(10)));
            assertThat(failure).isInstanceOf(HandshakeException.class);
            HandshakeException refused = (HandshakeException) failure;
            assertThat(refused.reason()).isEqualTo(reason);
            // The validator's own verdict, not Reactor Netty's later refusal (which would carry its exception).
            assertThat(refused).hasNoCause();
            assertThat(this.handlerRuns).as("handler runs").hasValue(0);
            assertThat(this.recorder.events).containsExactly("started", "failed HandshakeException");
            assertThat(streamClosed.await(5, TimeUnit.SECONDS)).as("the client closed the stream").isTrue();
            return refused;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
        finally {
            server.disposeNow();
        }
    }

    /** A handler that answers the extended CONNECT itself with a status and headers, and keeps the stream open. */
    private static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> answering(int status,
            String... headers) {
        return (request, response) -> {
            response.status(status);
            for (int i = 0; i < headers.length; i += 2) {
                response.header(headers[i], headers[i + 1]);
            }
            return response.sendHeaders().then(Mono.never());
        };
    }

    private static DisposableServer h2cServer(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return HttpServer.create().host("127.0.0.1").port(0).protocol(HttpProtocol.H2C)
                .http2Settings(settings -> settings.connectProtocolEnabled(true)).handle(handler).bindNow();
    }

    /** A PKCS12 key store with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private static Path selfSignedKeystore(Path dir) throws Exception {
        Path keystore = dir.resolve("localhost.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "localhost",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "secret", "-keypass", "secret")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return keystore;
    }

    private static URI uri(DisposableServer server) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/chat");
    }
}
