package io.wshandshake.observation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.SenderContext;
import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.testserver.TestContexts;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static io.wshandshake.observation.HandshakeMeters.answer;
import static io.wshandshake.observation.HandshakeMeters.closedPort;
import static io.wshandshake.observation.HandshakeMeters.count;
import static io.wshandshake.observation.HandshakeMeters.gauge;
import static io.wshandshake.observation.HandshakeMeters.reasonCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Observations and meters of the auto-configured client, in a Boot context with Boot's own metrics and observation
 * auto-configuration, against a real server and a scripted misbehaving one.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ClientContainer.class)
class HandshakeObservationIntegrationTests {

    private static ConfigurableApplicationContext server;

    private static int port;

    private final ClientContainer container;

    private final ApplicationContextRunner runner;

    HandshakeObservationIntegrationTests(ClientContainer container) {
        this.container = container;
        this.runner = TestContexts.withMetrics().withPropertyValues("handshake.subprotocols=v1.chat",
                "handshake.extensions=permessage-deflate", TestContexts.container(container));
    }

    @BeforeAll
    static void startServer() {
        server = TestServerApplication.start();
        port = TestServerApplication.port(server);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String echo() {
        return "ws://127.0.0.1:" + port + "/echo";
    }

    @Test
    void timerCountsEveryHandshakeByOutcomeExactly() throws Exception {
        this.runner.run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            for (int i = 0; i < 3; i++) {
                client.execute(new TextWebSocketHandler(), echo()).get(10, TimeUnit.SECONDS).close();
            }
            failTimes(client, 2, key -> answer(key, "Sec-WebSocket-Protocol: v1.chat", "Upgrade: h2c"));
            failTimes(client, 4, key -> answer(key, "Sec-WebSocket-Protocol: v9.chat"));
            failTimes(client, 1, key -> answer(key, "Sec-WebSocket-Protocol: v1.chat",
                    "Sec-WebSocket-Extensions: x-other"));
            failTimes(client, 2, key -> "HTTP/1.1 503 Service Unavailable\r\n\r\n");
            for (int i = 0; i < 2; i++) {
                ExecutionException ex = assertThrows(ExecutionException.class, () -> client
                        .execute(new TextWebSocketHandler(), "ws://127.0.0.1:" + closedPort() + "/")
                        .get(10, TimeUnit.SECONDS));
                assertThat(HandshakeOutcome.ofFailure(ex)).isEqualTo(HandshakeOutcome.TRANSPORT_ERROR);
            }

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(count(registry, "SUCCESS", "v1.chat", "permessage-deflate")).isEqualTo(3);
            assertThat(count(registry, "INVALID_PROTOCOL_FORMAT", "none", "none")).isEqualTo(4);
            assertThat(count(registry, "UNSUPPORTED_SUBPROTOCOL", "none", "none")).isEqualTo(4);
            assertThat(count(registry, "UNSUPPORTED_EXTENSION", "none", "none")).isEqualTo(1);
            assertThat(count(registry, "TRANSPORT_ERROR", "none", "none")).isEqualTo(2);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).timers().stream()
                    .mapToLong(timer -> timer.count()).sum()).isEqualTo(14);
            // The reason splits an outcome, within the fixed set of FailureReason names.
            assertThat(reasonCount(registry, "UPGRADE_INVALID")).isEqualTo(2);
            assertThat(reasonCount(registry, "STATUS_NOT_SWITCHING_PROTOCOLS")).isEqualTo(2);
            assertThat(reasonCount(registry, "SUBPROTOCOL_NOT_OFFERED")).isEqualTo(4);
            assertThat(reasonCount(registry, "EXTENSION_NOT_OFFERED")).isEqualTo(1);
            assertThat(reasonCount(registry, "none")).isEqualTo(5);
            // Every meter names the client kind: the container this client runs on.
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME)
                    .tag("client", this.container.clientKind()).timers().stream().mapToLong(timer -> timer.count())
                    .sum()).isEqualTo(14);
        });
    }

    @Test
    void sessionGaugeFollowsOpenSessionsWhicheverSideCloses() {
        this.runner.run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            List<WebSocketSession> sessions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sessions.add(client.execute(new TextWebSocketHandler(), echo()).get(10, TimeUnit.SECONDS));
            }
            assertThat(gauge(registry, "v1.chat")).isEqualTo(3);
            sessions.get(0).close();
            sessions.get(1).sendMessage(new TextMessage("close-me"));
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> gauge(registry, "v1.chat") == 1);
            sessions.get(2).close();
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> gauge(registry, "v1.chat") == 0);
            assertThat(gauge(registry, "none")).isZero();
            assertThat(gauge(registry, "other")).isZero();
        });
    }

    @Test
    void tagsNeverCarryCallerOrServerChosenText() {
        this.runner.withPropertyValues("handshake.subprotocols=v2.chat").run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
            headers.setSecWebSocketProtocol(List.of("v1.chat"));
            client.execute(new TextWebSocketHandler(), headers, URI.create(echo())).get(10, TimeUnit.SECONDS).close();
            int[] counter = { 0 };
            failTimes(client, 200, key -> answer(key, "Sec-WebSocket-Protocol: bogus-" + (counter[0]++)));

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // The caller's own subprotocol is not a configured one: "other", not its text.
            assertThat(count(registry, "SUCCESS", "other", "permessage-deflate")).isEqualTo(1);
            assertThat(count(registry, "UNSUPPORTED_SUBPROTOCOL", "none", "none")).isEqualTo(200);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).timers()).hasSize(2);
            assertThat(registry.getMeters()).noneMatch(meter -> meter.getId().getTags().stream()
                    .anyMatch(tag -> tag.getValue().startsWith("bogus")));
        });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        this.runner.withBean(HandshakeObservationConvention.class, () -> new DefaultHandshakeObservationConvention() {
            @Override
            public String getName() {
                return "custom.handshake";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(HandshakeObservationContext context) {
                return super.getLowCardinalityKeyValues(context).and("team", "payments");
            }
        }).run(context -> {
            context.getBean(WebSocketClient.class).execute(new TextWebSocketHandler(), echo())
                    .get(10, TimeUnit.SECONDS).close();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("custom.handshake").tag("team", "payments").tag("outcome", "SUCCESS").timer()
                    .count()).isEqualTo(1);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).timers()).isEmpty();
        });
    }

    @Test
    void handshakesInProgressAreUnknownOnTheLongTaskTimer() {
        CountDownLatch answer = new CountDownLatch(1);
        this.runner.run(context -> {
            try (var scripted = ScriptedServerAccess.start(key -> {
                awaitQuietly(answer);
                return "HTTP/1.1 503 Service Unavailable\r\n\r\n";
            })) {
                var future = context.getBean(WebSocketClient.class).execute(new TextWebSocketHandler(),
                        scripted.uri().toString());
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                await().atMost(java.time.Duration.ofSeconds(5)).until(() -> activeHandshakes(registry) == 1);
                LongTaskTimer active = registry.get(DefaultHandshakeObservationConvention.NAME + ".active")
                        .longTaskTimer();
                assertThat(active.getId().getTag("outcome")).isEqualTo("UNKNOWN");
                assertThat(active.getId().getTag("reason")).isEqualTo("none");
                assertThat(active.getId().getTag("client")).isEqualTo(this.container.clientKind());
                answer.countDown();
                assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
                assertThat(activeHandshakes(registry)).isZero();
                assertThat(count(registry, "INVALID_PROTOCOL_FORMAT", "none", "none")).isOne();
            }
            finally {
                answer.countDown();
            }
        });
    }

    @Test
    void thePropertyNamesTheObservation() {
        this.runner.withPropertyValues("handshake.observation.name=chat.connect").run(context -> {
            context.getBean(WebSocketClient.class).execute(new TextWebSocketHandler(), echo())
                    .get(10, TimeUnit.SECONDS).close();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("chat.connect").tag("outcome", "SUCCESS").timer().count()).isOne();
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).timers()).isEmpty();
        });
    }

    @Test
    void anObservationScopeIsOpenOnTheConnectingThreadOnlyWhileItConnects() {
        assumeTrue(this.container == ClientContainer.TOMCAT, "Jetty calls the handler from its HttpClient's threads, not inside the connect on the connecting thread");
        TestObservationRegistry observations = TestObservationRegistry.create();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
                .withPropertyValues(TestContexts.container(this.container))
                .withPropertyValues("handshake.connect.pool-size=1")
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations)
                .run(context -> {
                    ValidatingWebSocketClient client = context.getBean(ValidatingWebSocketClient.class);
                    List<Observation> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
                    client.execute(new TextWebSocketHandler() {
                        @Override
                        public void afterConnectionEstablished(WebSocketSession session) {
                            // Called by the container inside its connect, on the connecting thread.
                            seen.add(observations.getCurrentObservation());
                        }
                    }, echo()).get(10, TimeUnit.SECONDS).close();
                    assertThat(seen).singleElement().as("observation in scope").isNotNull()
                            .extracting(Observation::getContext).isInstanceOf(HandshakeObservationContext.class);
                    // The one connecting thread has no observation in scope afterwards.
                    assertThat(client.getTaskExecutor().submit(observations::getCurrentObservation)
                            .get(10, TimeUnit.SECONDS)).isNull();
                });
    }

    @Test
    void observationHasItsKeysAndIsStoppedEvenWhenTheConnectFails() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        StartStopCounter counter = new StartStopCounter();
        observations.observationConfig().observationHandler(counter);
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
                .withPropertyValues(TestContexts.container(this.container))
                .withPropertyValues("handshake.subprotocols=v1.chat")
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations)
                .run(context -> {
                    WebSocketClient client = context.getBean(WebSocketClient.class);
                    client.execute(new TextWebSocketHandler(), echo() + "?token=secret").get(10, TimeUnit.SECONDS)
                            .close();
                    assertThrows(ExecutionException.class, () -> client
                            .execute(new TextWebSocketHandler(), "ws://127.0.0.1:" + closedPort() + "/x")
                            .get(10, TimeUnit.SECONDS));
                    assertThat(counter.started).hasValue(2);
                    assertThat(counter.stopped).hasValue(2);
                    TestObservationRegistryAssert.assertThat(observations)
                            .hasNumberOfObservationsWithNameEqualTo("websocket.client.handshake", 2)
                            .forAllObservationsWithNameEqualTo("websocket.client.handshake",
                                    observation -> observation.hasLowCardinalityKeyValueWithKey("outcome")
                                            .hasLowCardinalityKeyValueWithKey("reason")
                                            .hasLowCardinalityKeyValueWithKey("subprotocol")
                                            .hasLowCardinalityKeyValueWithKey("extensions")
                                            .hasHighCardinalityKeyValueWithKey("uri"))
                            .hasAnObservation(observation -> observation
                                    .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                                    .hasLowCardinalityKeyValue("subprotocol", "v1.chat")
                                    .hasLowCardinalityKeyValue("extensions", "none")
                                    .hasHighCardinalityKeyValue("uri", "ws://127.0.0.1:" + port + "/echo"))
                            .hasAnObservation(observation -> observation
                                    .hasLowCardinalityKeyValue("outcome", "TRANSPORT_ERROR")
                                    .hasLowCardinalityKeyValue("subprotocol", "none")
                                    .hasError());
                });
    }

    /** Counts observation starts and stops. */
    static class StartStopCounter implements ObservationHandler<Observation.Context> {

        final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();

        final java.util.concurrent.atomic.AtomicInteger stopped = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void onStart(Observation.Context context) {
            this.started.incrementAndGet();
        }

        @Override
        public void onStop(Observation.Context context) {
            this.stopped.incrementAndGet();
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @Test
    void propagationFieldsTravelOnTheUpgradeRequest() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        observations.observationConfig().observationHandler(new FakeTracingHandler());
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
                .withPropertyValues(TestContexts.container(this.container))
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations)
                .run(context -> {
                    try (var scripted = ScriptedServerAccess.start(key -> "HTTP/1.1 404 Not Found\r\n\r\n")) {
                        assertThrows(ExecutionException.class, () -> context.getBean(WebSocketClient.class)
                                .execute(new TextWebSocketHandler(), scripted.uri().toString())
                                .get(10, TimeUnit.SECONDS));
                        assertThat(scripted.nextRequest())
                                .contains("traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                    }
                });
    }

    /** Stands in for a tracing handler: injects a propagation field through the context's setter. */
    static class FakeTracingHandler implements ObservationHandler<SenderContext<Object>> {

        @Override
        public void onStart(SenderContext<Object> context) {
            context.getSetter().set(context.getCarrier(), "traceparent",
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof SenderContext;
        }
    }

    private static void failTimes(WebSocketClient client, int times, java.util.function.Function<String, String> script)
            throws Exception {
        try (var scripted = ScriptedServerAccess.start(script)) {
            for (int i = 0; i < times; i++) {
                assertThrows(ExecutionException.class, () -> client
                        .execute(new TextWebSocketHandler(), scripted.uri().toString()).get(10, TimeUnit.SECONDS));
            }
        }
    }

    private static int activeHandshakes(MeterRegistry registry) {
        return registry.find(DefaultHandshakeObservationConvention.NAME + ".active").longTaskTimers().stream()
                .mapToInt(LongTaskTimer::activeTasks).sum();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
