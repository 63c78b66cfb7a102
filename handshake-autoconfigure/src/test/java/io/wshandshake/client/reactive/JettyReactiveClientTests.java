package io.wshandshake.client.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.PerMessageDeflateParameters;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * WebFlux's client on Jetty's own WebSocket client, validated: against a real server it exposes the result before
 * the handler runs and talks compressed; against a scripted server on a real socket it refuses every failure
 * category before the handler runs, with the attempt's failure heard by the listeners and the socket closed; the
 * deadline bounds the handshake only.
 */
class JettyReactiveClientTests {

    /** A real embedded Tomcat WebSocket server with an echo endpoint choosing v1.chat and permessage-deflate. */
    private static ConfigurableApplicationContext server;

    @BeforeAll
    static void startServer() {
        server = TestServerApplication.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static URI echo() {
        return URI.create("ws://127.0.0.1:" + TestServerApplication.port(server) + "/echo");
    }

    private static ValidatingJettyWebSocketClient client(Duration timeout, ReactorNettyClientTests.Recorder recorder,
            String... extensions) {
        HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                .extensions(List.of(extensions)).negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15))
                .build();
        return new ValidatingJettyWebSocketClient(validator, List.of(recorder), timeout, null);
    }

    @Test
    void anEchoRoundTripRunsCompressedOnTheValidatedSessionWithTheResultInItsAttributes() {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingJettyWebSocketClient client = client(Duration.ofSeconds(10), recorder, "permessage-deflate");
        try {
            AtomicReference<Map<String, Object>> attributes = new AtomicReference<>();
            AtomicReference<String> subprotocol = new AtomicReference<>();
            AtomicReference<String> extensionsHeader = new AtomicReference<>();
            AtomicReference<String> echoed = new AtomicReference<>();
            client.execute(echo(), session -> {
                attributes.set(Map.copyOf(session.getAttributes()));
                subprotocol.set(session.getHandshakeInfo().getSubProtocol());
                extensionsHeader.set(session.getHandshakeInfo().getHeaders().getFirst("Sec-WebSocket-Extensions"));
                return session.send(Mono.just(session.textMessage("hello ".repeat(100))))
                        .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                        .doOnNext(echoed::set)
                        .then(Mono.defer(session::close));
            }).block(Duration.ofSeconds(10));
            assertThat(echoed.get()).isEqualTo("hello ".repeat(100));
            assertThat(subprotocol.get()).isEqualTo("v1.chat");
            assertThat(extensionsHeader.get()).startsWith("permessage-deflate");
            HandshakeResult result = HandshakeAttributes.result(attributes.get()).orElseThrow();
            assertThat(result.subprotocol()).contains("v1.chat");
            assertThat(result.extensions()).singleElement()
                    .satisfies(extension -> assertThat(extension.name()).isEqualTo("permessage-deflate"));
            assertThat(attributes.get()).containsEntry(HandshakeAttributes.SUBPROTOCOL, "v1.chat")
                    .containsEntry(HandshakeAttributes.SUBPROTOCOL_INDEX, 0);
            assertThat(attributes.get().get(HandshakeAttributes.PER_MESSAGE_DEFLATE))
                    .isInstanceOf(PerMessageDeflateParameters.class);
            assertThat(recorder.events).containsExactly("started", "opened v1.chat", "closed");
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void theCallersOwnSubprotocolHeaderReplacesTheConfiguredOffers() {
        ValidatingJettyWebSocketClient client = new ValidatingJettyWebSocketClient(
                HandshakeValidator.builder().subprotocols(List.of("v9.other")).build(), List.of(),
                Duration.ofSeconds(10), null);
        try {
            HttpHeaders headers = new HttpHeaders();
            headers.add("Sec-WebSocket-Protocol", "v1.chat");
            AtomicReference<Object> subprotocol = new AtomicReference<>();
            client.execute(echo(), headers, session -> {
                subprotocol.set(session.getAttributes().get(HandshakeAttributes.SUBPROTOCOL));
                return session.close();
            }).block(Duration.ofSeconds(10));
            assertThat(subprotocol.get()).isEqualTo("v1.chat");
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void aSessionTheServerClosesIsToldClosedThoughTheHandlerNeverEnds() {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingJettyWebSocketClient client = client(Duration.ofSeconds(10), recorder, "permessage-deflate");
        try {
            Disposable connection = client.execute(echo(), session -> session
                    .send(Mono.fromSupplier(() -> session.textMessage("close-me")))
                    .thenMany(session.receive())
                    .then(Mono.never())).subscribe();
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.contains("closed"));
            assertThat(recorder.events).containsExactly("started", "opened v1.chat", "closed");
            connection.dispose();
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void theHandlerSeesTheSubscribersReactorContext() {
        ValidatingJettyWebSocketClient client = client(Duration.ofSeconds(10),
                new ReactorNettyClientTests.Recorder());
        try {
            AtomicReference<Object> seen = new AtomicReference<>();
            client.execute(echo(), session -> Mono.deferContextual(context -> {
                seen.set(context.getOrDefault("tenant", null));
                return session.close();
            })).contextWrite(Context.of("tenant", "t-1")).block(Duration.ofSeconds(10));
            assertThat(seen.get()).isEqualTo("t-1");
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void aCallersOwnExtensionsHeaderIsRefusedBeforeAnythingIsSent() {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingJettyWebSocketClient client = client(Duration.ofSeconds(10), recorder);
        HttpHeaders headers = new HttpHeaders();
        headers.add("Sec-WebSocket-Extensions", "permessage-deflate");
        AtomicBoolean handlerRan = new AtomicBoolean();
        try {
            Throwable failure = catchThrowable(() -> client.execute(echo(), headers, session -> {
                handlerRan.set(true);
                return session.close();
            }).block(Duration.ofSeconds(10)));
            assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Sec-WebSocket-Extensions").hasMessageContaining("handshake.extensions");
            assertThat(handlerRan).isFalse();
            assertThat(recorder.events).containsExactly("started", "failed IllegalArgumentException");
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void anOfferJettysClientCannotHonourFailsTheBuild() {
        HandshakeValidator validator = HandshakeValidator.builder()
                .extensions(List.of("permessage-deflate; client_no_context_takeover")).build();
        assertThatExceptionOfType(UnsupportedOfferException.class)
                .isThrownBy(() -> new ValidatingJettyWebSocketClient(validator, List.of(), Duration.ofSeconds(1), null));
    }

    /** Every misbehaviour the Reactor Netty client is refused. */
    static Stream<Arguments> misbehaviours() {
        return ReactorNettyMisbehavingServerTests.misbehaviours();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misbehaviours")
    void everyFailureCategoryIsRefusedBeforeTheHandlerRuns(String name, Function<String, String> script,
            FailureReason reason) throws Exception {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingJettyWebSocketClient client = new ValidatingJettyWebSocketClient(HandshakeValidator.builder()
                .subprotocols(List.of("v1.chat")).extensions(List.of("permessage-deflate; server_no_context_takeover"))
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build(), List.of(recorder),
                Duration.ofSeconds(10), null);
        AtomicBoolean handlerRan = new AtomicBoolean();
        try (ScriptedServerAccess scripted = ScriptedServerAccess.start(script)) {
            Throwable failure = catchThrowable(() -> client.execute(scripted.uri(), session -> {
                handlerRan.set(true);
                return session.close();
            }).block(Duration.ofSeconds(15)));
            assertThat(failure).as("the Mono's error").isInstanceOf(HandshakeException.class);
            assertThat(((HandshakeException) failure).reason()).isEqualTo(reason);
            assertThat(handlerRan).as("the handler ran").isFalse();
            assertThat(scripted.nextClosedByClient()).as("the client closed the socket").isTrue();
            assertThat(recorder.events).containsExactly("started", "failed HandshakeException");
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void theDeadlineEndsASilentHandshakeButNeverTheSessionAfterIt() throws Exception {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingJettyWebSocketClient client = client(Duration.ofMillis(500), recorder, "permessage-deflate");
        try (ScriptedServerAccess silent = ScriptedServerAccess.start(JettyReactiveClientTests::silentFor3Seconds)) {
            AtomicBoolean handlerRan = new AtomicBoolean();
            Throwable failure = catchThrowable(() -> client.execute(silent.uri(), session -> {
                handlerRan.set(true);
                return session.close();
            }).block(Duration.ofSeconds(15)));
            assertThat(failure).hasCauseInstanceOf(TimeoutException.class)
                    .hasMessageContaining("handshake.connect.timeout");
            assertThat(handlerRan).isFalse();
            assertThat(recorder.events).containsExactly("started", "failed TimeoutException");

            recorder.events.clear();
            AtomicReference<Object> lateSubprotocol = new AtomicReference<>();
            AtomicReference<String> lateEcho = new AtomicReference<>();
            client.execute(echo(), session -> Mono.delay(Duration.ofMillis(1200))
                    .doOnNext(tick -> lateSubprotocol.set(session.getAttributes().get(HandshakeAttributes.SUBPROTOCOL)))
                    .then(session.send(Mono.fromSupplier(() -> session.textMessage("late"))))
                    .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                    .doOnNext(lateEcho::set)
                    .then(Mono.defer(session::close))).block(Duration.ofSeconds(10));
            assertThat(lateSubprotocol.get()).as("a session longer than the deadline").isEqualTo("v1.chat");
            assertThat(lateEcho.get()).as("an echo after the deadline").isEqualTo("late");
            assertThat(recorder.events).containsExactly("started", "opened v1.chat", "closed");
        }
        finally {
            client.destroy();
        }
    }

    private static String silentFor3Seconds(String key) {
        try {
            Thread.sleep(3000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return "";
    }
}
