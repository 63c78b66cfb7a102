package io.wshandshake.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.testserver.TestServerApplication;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every attempt ends exactly once, and the future, the listeners (observation, events, gauge) and the handler all
 * follow that one end: at shutdown, at the deadline racing a late 101, and when {@code execute} fails at once.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ClientContainer.class)
class AttemptLifecycleTests {

    private static ConfigurableApplicationContext server;

    private static String echo;

    private final ClientContainer container;

    private final HandshakeValidator validator = HandshakeValidator.builder()
            .negotiator(TransportLimits.jdkDeflaterNegotiator()).build();

    private final ObservationRegistry observations = ObservationRegistry.create();

    private final List<Observation.Context> started = new CopyOnWriteArrayList<>();

    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    {
        this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                AttemptLifecycleTests.this.started.add(context);
            }

            @Override
            public void onStop(Observation.Context context) {
                AttemptLifecycleTests.this.stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    private final List<Object> events = new CopyOnWriteArrayList<>();

    AttemptLifecycleTests(ClientContainer container) {
        this.container = container;
    }

    @BeforeAll
    static void startServer() {
        server = TestServerApplication.start();
        echo = "ws://127.0.0.1:" + TestServerApplication.port(server) + "/echo";
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shutdownFailsEveryPendingAttemptQueuedOrRunningAtOnce() throws Exception {
        try (ScriptedServer silent = new ScriptedServer((key, out) -> ScriptedServer.pause(30_000))) {
            org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor pool = pool(2);
            ValidatingWebSocketClient client = builder().taskExecutor(pool).connectTimeout(Duration.ofSeconds(30))
                    .build();
            List<CompletableFuture<WebSocketSession>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(client.execute(new TextWebSocketHandler(), silent.uri().toString()));
            }
            long start = System.nanoTime();
            client.destroy();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);

            assertThat(futures).allSatisfy(future -> {
                assertThat(future).isCompletedExceptionally();
                assertThatFailure(future).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("shut down");
            });
            assertThat(this.events).hasSize(10).allSatisfy(event -> assertThat(event)
                    .isInstanceOf(HandshakeFailedEvent.class));
            assertThat(this.started).hasSize(10);
            assertThat(this.stopped).containsExactlyInAnyOrderElementsOf(this.started)
                    .allSatisfy(context -> assertThat(context.getError()).isNotNull());
            CompletableFuture<WebSocketSession> afterShutdown = client.execute(new TextWebSocketHandler(), echo);
            assertThat(afterShutdown).isCompletedExceptionally();
            pool.shutdown();
        }
    }

    @Test
    void aSessionThatOpensAfterTheDeadlineIsNeverReportedAsASuccess() throws Exception {
        long timeoutMillis = 300;
        // The whole 101 but its final empty line, which comes just after the deadline; a slow failure listener
        // widens the window in which the session opens while the attempt is ending.
        try (ScriptedServer late = new ScriptedServer((key, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key) + "\r\n");
            ScriptedServer.pause(timeoutMillis + 10);
            ScriptedServer.write(out, "\r\n");
        })) {
            ValidatingWebSocketClient client = builder().connectTimeout(Duration.ofMillis(timeoutMillis))
                    .listener(new HandshakeLifecycleListener() {
                        @Override
                        public void attemptFailed(HandshakeAttemptContext attempt, Throwable failure) {
                            ScriptedServer.pause(100);
                        }
                    }).build();
            try {
                for (int i = 0; i < 8; i++) {
                    this.events.clear();
                    RecordingHandler handler = new RecordingHandler();
                    CompletableFuture<WebSocketSession> future = client.execute(handler, late.uri().toString());
                    ExecutionException ex = assertThrows(ExecutionException.class,
                            () -> future.get(10, TimeUnit.SECONDS));
                    assertThat(ex.getCause()).isInstanceOf(TimeoutException.class);
                    // The final empty line went out 10 ms after the deadline, before the slow listener let the
                    // future fail: by now the session has opened and been closed again.
                    ScriptedServer.pause(100);
                    assertThat(handler.established.getCount()).as("afterConnectionEstablished calls").isOne();
                    assertThat(handler.closed.getCount()).as("afterConnectionClosed calls").isOne();
                    assertThat(this.events).singleElement().isInstanceOf(HandshakeFailedEvent.class);
                }
                assertThat(client.getOpenSessions()).isEmpty();
            }
            finally {
                client.destroy();
            }
        }
    }

    @Test
    void aConnectThatFailsAtOnceIsAnAttemptLikeAnyOther() throws Exception {
        ValidatingWebSocketClient client = builder().build();
        try {
            for (URI uri : List.of(URI.create("ws://127.0.0.1:99999/x"), URI.create("ws:///no-host"))) {
                CompletableFuture<WebSocketSession> future = client.execute(new TextWebSocketHandler(), null, uri);
                assertThat(future).isCompletedExceptionally();
            }
            assertThat(this.events).hasSize(2).allSatisfy(event -> assertThat(event)
                    .isInstanceOf(HandshakeFailedEvent.class));
            assertThat(this.started).hasSize(2);
            assertThat(this.stopped).containsExactlyInAnyOrderElementsOf(this.started)
                    .allSatisfy(context -> assertThat(context.getError()).isNotNull());
        }
        finally {
            client.destroy();
        }
    }

    @Test
    void clientsBuiltAndDroppedLeaveNoThreadBehind() {
        int before = threadsNamed("handshake-deadlines");
        for (int i = 0; i < 200; i++) {
            builder().build();
        }
        assertThat(threadsNamed("handshake-deadlines")).isLessThanOrEqualTo(Math.max(before, 1));
    }

    @Test
    void eachBuildIsIndependentAndStopsOnlyWhatItCreated() throws Exception {
        ValidatingWebSocketClientBuilder builder = builder();
        ValidatingWebSocketClient first = builder.build();
        ValidatingWebSocketClient second = builder.build();
        first.destroy();
        WebSocketSession session = second.execute(new TextWebSocketHandler(), echo).get(10, TimeUnit.SECONDS);
        assertThat(session.isOpen()).isTrue();
        session.close();
        second.destroy();

        WebSocketContainer mine = (this.container == ClientContainer.JETTY)
                ? JettySupport.create(null, Duration.ofSeconds(10), 16 * 1024)
                : new org.apache.tomcat.websocket.WsWebSocketContainer();
        WebSocketSession other = new StandardWebSocketClient(mine).execute(new TextWebSocketHandler(), echo)
                .get(10, TimeUnit.SECONDS);
        ValidatingWebSocketClient onMine = builder().container(mine).build();
        onMine.execute(new TextWebSocketHandler(), echo).get(10, TimeUnit.SECONDS);
        onMine.destroy();
        assertThat(other.isOpen()).as("a session of the container the client was given").isTrue();
        other.close();
        TomcatSupport.stop(mine);
        JettySupport.stop(mine);
    }

    @Test
    void theGaugeCountsASessionUntilItCloses() throws Exception {
        List<String> counted = new CopyOnWriteArrayList<>();
        ValidatingWebSocketClient client = builder().sessionCounter(new io.wshandshake.observation.SessionCounter() {
            @Override
            public String opened(String subprotocol) {
                counted.add("opened");
                return "token";
            }

            @Override
            public void closed(String token) {
                counted.add("closed " + token);
            }
        }).build();
        try {
            WebSocketSession session = client.execute(new TextWebSocketHandler(), echo).get(10, TimeUnit.SECONDS);
            assertThat(counted).containsExactly("opened");
            assertThat(HandshakeAttributes.result(session)).map(HandshakeResult::subprotocolIndex).contains(-1);
            session.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> counted.size() == 2);
            assertThat(counted).containsExactly("opened", "closed token");
        }
        finally {
            client.destroy();
        }
    }

    private ValidatingWebSocketClientBuilder builder() {
        return new ValidatingWebSocketClientBuilder(this.validator).clientContainer(this.container)
                .observationRegistry(this.observations)
                .eventPublisher(this.events::add);
    }

    private static org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor pool(int size) {
        org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor pool =
                new org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor();
        pool.setCorePoolSize(size);
        pool.setMaxPoolSize(size);
        pool.initialize();
        return pool;
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatFailure(
            CompletableFuture<?> future) {
        ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS));
        return assertThat(ex.getCause());
    }

    private static int threadsNamed(String name) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals(name)).count();
    }
}
