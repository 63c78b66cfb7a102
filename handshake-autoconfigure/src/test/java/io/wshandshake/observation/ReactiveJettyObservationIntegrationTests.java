package io.wshandshake.observation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.wshandshake.autoconfigure.HandshakeReactiveJettyAutoConfiguration;
import io.wshandshake.client.HandshakeEvent;
import io.wshandshake.client.HandshakeFailedEvent;
import io.wshandshake.client.HandshakeSucceededEvent;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.client.reactive.ValidatingJettyWebSocketClient;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.testserver.TestContexts;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.client.WebSocketClient;

import static io.wshandshake.observation.HandshakeMeters.answer;
import static io.wshandshake.observation.HandshakeMeters.closedPort;
import static io.wshandshake.observation.HandshakeMeters.count;
import static io.wshandshake.observation.HandshakeMeters.gauge;
import static io.wshandshake.observation.HandshakeMeters.reasonCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured reactive client on Jetty's native WebSocket client ({@code handshake.reactive.client=jetty}):
 * it validates before the handler runs, with exact handshake meters per outcome and reason under the {@code client}
 * tag {@code jetty-native}, the session gauge and the events, with Boot's own metrics and observation
 * auto-configuration, against a real Tomcat WebSocket server and scripted misbehaving ones.
 */
class ReactiveJettyObservationIntegrationTests {

    private static ConfigurableApplicationContext server;

    private final ApplicationContextRunner runner = TestContexts.withMetrics()
            .withConfiguration(AutoConfigurations.of(HandshakeReactiveJettyAutoConfiguration.class))
            .withBean(Events.class)
            .withPropertyValues("handshake.reactive.client=jetty", "handshake.subprotocols=v1.chat",
                    "handshake.extensions=permessage-deflate");

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

    @Test
    void anUnofferedSubprotocolIsRefusedBeforeTheHandlerAndTimedAsSuch() {
        this.runner.run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            assertThat(client).isInstanceOf(ValidatingJettyWebSocketClient.class);
            AtomicBoolean handled = new AtomicBoolean();
            Throwable failure;
            try (ScriptedServerAccess scripted = ScriptedServerAccess.start(key -> answer(key,
                    "Sec-WebSocket-Protocol: v9.chat"))) {
                failure = failureOf(client.execute(scripted.uri(), session -> {
                    handled.set(true);
                    return session.close();
                }));
                assertThat(scripted.nextClosedByClient()).as("the client closed the socket").isTrue();
            }
            assertThat(failure).isInstanceOf(HandshakeException.class);
            assertThat(((HandshakeException) failure).reason()).isEqualTo(FailureReason.SUBPROTOCOL_NOT_OFFERED);
            assertThat(handled).as("the handler ran").isFalse();

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(DefaultHandshakeObservationConvention.NAME).tag("client", "jetty-native")
                    .tag("outcome", "UNSUPPORTED_SUBPROTOCOL").tag("reason", "SUBPROTOCOL_NOT_OFFERED")
                    .tag("subprotocol", "none").tag("extensions", "none").timer().count()).isEqualTo(1);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).timers()).hasSize(1);
            assertThat(context.getBean(Events.class).events).singleElement()
                    .isInstanceOfSatisfying(HandshakeFailedEvent.class, event -> assertThat(event.getOutcome())
                            .isEqualTo(HandshakeOutcome.UNSUPPORTED_SUBPROTOCOL));
        });
    }

    @Test
    void timerCountsEveryHandshakeByOutcomeExactly() {
        this.runner.run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            for (int i = 0; i < 3; i++) {
                client.execute(echo(), session -> session.close()).block(Duration.ofSeconds(10));
            }
            failTimes(client, 4, key -> answer(key, "Sec-WebSocket-Protocol: v9.chat"));
            failTimes(client, 1, key -> answer(key, "Sec-WebSocket-Protocol: v1.chat",
                    "Sec-WebSocket-Extensions: x-other"));
            failTimes(client, 2, key -> "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
            for (int i = 0; i < 2; i++) {
                assertThat(failureOf(client.execute(URI.create("ws://127.0.0.1:" + closedPort() + "/"),
                        session -> session.close()))).isNotNull();
            }

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(count(registry, "SUCCESS", "v1.chat", "permessage-deflate")).isEqualTo(3);
            assertThat(count(registry, "UNSUPPORTED_SUBPROTOCOL", "none", "none")).isEqualTo(4);
            assertThat(count(registry, "UNSUPPORTED_EXTENSION", "none", "none")).isEqualTo(1);
            assertThat(count(registry, "INVALID_PROTOCOL_FORMAT", "none", "none")).isEqualTo(2);
            assertThat(count(registry, "TRANSPORT_ERROR", "none", "none")).isEqualTo(2);
            assertThat(reasonCount(registry, "SUBPROTOCOL_NOT_OFFERED")).isEqualTo(4);
            assertThat(reasonCount(registry, "EXTENSION_NOT_OFFERED")).isEqualTo(1);
            assertThat(reasonCount(registry, "STATUS_NOT_SWITCHING_PROTOCOLS")).isEqualTo(2);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).timers().stream()
                    .mapToLong(timer -> timer.count()).sum()).isEqualTo(12);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).tag("client", "jetty-native")
                    .timers().stream().mapToLong(timer -> timer.count()).sum()).isEqualTo(12);
            List<HandshakeEvent> events = context.getBean(Events.class).events;
            assertThat(events).hasSize(12);
            assertThat(events).filteredOn(HandshakeSucceededEvent.class::isInstance).hasSize(3);
        });
    }

    @Test
    void sessionGaugeCountsSessionsUntilTheyEnd() {
        this.runner.run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Sinks.Empty<Void> release = Sinks.empty();
            WebSocketHandler held = session -> release.asMono().then(Mono.defer(session::close));
            Disposable first = client.execute(echo(), held).subscribe();
            Disposable second = client.execute(echo(), held).subscribe();
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "v1.chat") == 2);
            release.tryEmitEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "v1.chat") == 0);
            first.dispose();
            second.dispose();
        });
    }

    private static void failTimes(WebSocketClient client, int times, Function<String, String> script)
            throws Exception {
        try (ScriptedServerAccess scripted = ScriptedServerAccess.start(script)) {
            for (int i = 0; i < times; i++) {
                assertThat(failureOf(client.execute(scripted.uri(), session -> session.close()))).isNotNull();
            }
        }
    }

    private static Throwable failureOf(Mono<Void> connect) {
        return reactor.core.Exceptions.unwrap(catchThrowable(() -> connect.block(Duration.ofSeconds(10))));
    }

    /** Every {@link HandshakeEvent} published in the context. */
    static class Events implements ApplicationListener<HandshakeEvent> {

        final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(HandshakeEvent event) {
            this.events.add(event);
        }
    }
}
