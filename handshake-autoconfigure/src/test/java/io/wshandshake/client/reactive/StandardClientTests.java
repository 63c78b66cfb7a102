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

import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * WebFlux's JSR-356 client, validated, on Tomcat's and Jetty's containers: against a real server it exposes the
 * result before the handler runs; against a scripted server on a real socket it refuses every failure category
 * before the handler runs, with the attempt's failure heard by the listeners; the deadline bounds the handshake only.
 */
class StandardClientTests {

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

    private static ValidatingStandardWebSocketClient client(ClientContainer container, Duration timeout,
            ReactorNettyClientTests.Recorder recorder, String... extensions) {
        HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                .extensions(List.of(extensions)).negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15))
                .build();
        return new ValidatingStandardWebSocketClient(new ValidatingWebSocketClientBuilder(validator)
                .clientContainer(container).connectTimeout(timeout).listener(recorder).build());
    }

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void theHandlerSeesTheValidatedResultInTheSessionAttributes(ClientContainer container) {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingStandardWebSocketClient client = client(container, Duration.ofSeconds(10), recorder,
                "permessage-deflate");
        try {
            AtomicReference<Map<String, Object>> attributes = new AtomicReference<>();
            AtomicReference<String> subprotocol = new AtomicReference<>();
            WebSocketHandler handler = session -> {
                attributes.set(Map.copyOf(session.getAttributes()));
                subprotocol.set(session.getHandshakeInfo().getSubProtocol());
                return session.close();
            };
            client.execute(echo(), handler).block(Duration.ofSeconds(10));
            assertThat(subprotocol.get()).isEqualTo("v1.chat");
            HandshakeResult result = HandshakeAttributes.result(attributes.get()).orElseThrow();
            assertThat(result.subprotocol()).contains("v1.chat");
            assertThat(attributes.get()).containsEntry(HandshakeAttributes.SUBPROTOCOL, "v1.chat")
                    .containsKey(HandshakeAttributes.PER_MESSAGE_DEFLATE);
            assertThat(recorder.events).containsExactly("started", "opened v1.chat", "closed");
        }
        finally {
            client.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void anEchoRoundTripRunsOnTheValidatedSession(ClientContainer container) {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingStandardWebSocketClient client = client(container, Duration.ofSeconds(10), recorder,
                "permessage-deflate");
        try {
            AtomicReference<Object> subprotocol = new AtomicReference<>();
            AtomicReference<String> echoed = new AtomicReference<>();
            client.execute(echo(), session -> {
                subprotocol.set(session.getAttributes().get(HandshakeAttributes.SUBPROTOCOL));
                // Deferred: WebFlux's JSR-356 session closes when close() is called, not when it is subscribed to,
                // so a plain .then(session.close()) would close it before the first send.
                return session.send(Mono.just(session.textMessage("hello")))
                        .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                        .doOnNext(echoed::set)
                        .then(Mono.defer(session::close));
            }).block(Duration.ofSeconds(10));
            assertThat(subprotocol.get()).isEqualTo("v1.chat");
            assertThat(echoed.get()).isEqualTo("hello");
            assertThat(recorder.events).containsExactly("started", "opened v1.chat", "closed");
        }
        finally {
            client.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void theCallersOwnSubprotocolHeaderReplacesTheConfiguredOffers(ClientContainer container) {
        ValidatingStandardWebSocketClient client = new ValidatingStandardWebSocketClient(
                new ValidatingWebSocketClientBuilder(HandshakeValidator.builder().subprotocols(List.of("v9.other"))
                        .build()).clientContainer(container).build());
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

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void aSessionTheServerClosesIsToldClosedThoughTheHandlerNeverEnds(ClientContainer container) {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingStandardWebSocketClient client = client(container, Duration.ofSeconds(10), recorder,
                "permessage-deflate");
        try {
            Disposable connection = client.execute(echo(), session -> session
                    .send(Mono.fromSupplier(() -> session.textMessage("close-me")))
                    // Tomcat's session reads only on demand: receive, then never end.
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

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void theHandlerSeesTheSubscribersReactorContext(ClientContainer container) {
        ValidatingStandardWebSocketClient client = client(container, Duration.ofSeconds(10),
                new ReactorNettyClientTests.Recorder());
        try {
            AtomicReference<Object> seen = new AtomicReference<>();
            client.execute(echo(), session -> Mono.deferContextual(context -> {
                seen.set(context.getOrDefault("tenant", null));
                return Mono.defer(session::close);
            })).contextWrite(Context.of("tenant", "t-1")).block(Duration.ofSeconds(10));
            assertThat(seen.get()).isEqualTo("t-1");
        }
        finally {
            client.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void aCallersOwnExtensionsHeaderIsRefusedBeforeAnythingIsSent(ClientContainer container) throws Exception {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingStandardWebSocketClient client = client(container, Duration.ofSeconds(10), recorder);
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

    /** Every misbehaviour the Reactor Netty client is refused, on each container. */
    static Stream<Arguments> misbehaviours() {
        return Stream.of(ClientContainer.values()).flatMap(container -> ReactorNettyMisbehavingServerTests
                .misbehaviours().map(arguments -> {
                    Object[] misbehaviour = arguments.get();
                    return Arguments.of(container, misbehaviour[0], misbehaviour[1], misbehaviour[2]);
                }));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("misbehaviours")
    void everyFailureCategoryIsRefusedBeforeTheHandlerRuns(ClientContainer container, String name,
            Function<String, String> script, FailureReason reason) throws Exception {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        // The Reactor Netty tests' offer, which both containers can make too.
        ValidatingStandardWebSocketClient client = new ValidatingStandardWebSocketClient(
                new ValidatingWebSocketClientBuilder(HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                        .extensions(List.of("permessage-deflate; server_no_context_takeover"))
                        .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build())
                        .clientContainer(container).connectTimeout(Duration.ofSeconds(10)).listener(recorder)
                        .build());
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

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void theDeadlineEndsASilentHandshakeButNeverTheSessionAfterIt(ClientContainer container) throws Exception {
        ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();
        ValidatingStandardWebSocketClient client = client(container, Duration.ofMillis(500), recorder,
                "permessage-deflate");
        try (ScriptedServerAccess silent = ScriptedServerAccess.start(StandardClientTests::silentFor3Seconds)) {
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
