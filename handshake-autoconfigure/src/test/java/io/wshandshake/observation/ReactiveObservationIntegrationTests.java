package io.wshandshake.observation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeReactiveAutoConfiguration;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.testserver.TestContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
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
 * The auto-configured reactive client's observations, meters, session gauge and trace context, with Boot's own
 * metrics, observation and tracing auto-configuration, against a real Reactor Netty server and a scripted one.
 */
class ReactiveObservationIntegrationTests {

    private static DisposableServer server;

    private final ApplicationContextRunner runner = TestContexts.withMetrics()
            .withConfiguration(AutoConfigurations.of(HandshakeReactiveAutoConfiguration.class))
            .withPropertyValues("handshake.subprotocols=v1.chat", "handshake.extensions=permessage-deflate");

    @BeforeAll
    static void startServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.ws("/echo", (in, out) -> out.sendObject(in.receiveFrames()
                        .map(frame -> frame.retain())),
                        WebsocketServerSpec.builder().protocols("v1.chat").compress(true).build()))
                .bindNow();
    }

    @AfterAll
    static void stopServer() {
        server.disposeNow();
    }

    private static URI echo() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/echo");
    }

    @Test
    void timerCountsEveryReactiveHandshakeByOutcomeExactly() {
        this.runner.run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            for (int i = 0; i < 3; i++) {
                client.execute(echo(), session -> session.close()).block(Duration.ofSeconds(10));
            }
            failTimes(client, 2, key -> answer(key, "Sec-WebSocket-Protocol: v1.chat", "Upgrade: h2c"));
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
            assertThat(count(registry, "INVALID_PROTOCOL_FORMAT", "none", "none")).isEqualTo(4);
            assertThat(count(registry, "UNSUPPORTED_SUBPROTOCOL", "none", "none")).isEqualTo(4);
            assertThat(count(registry, "UNSUPPORTED_EXTENSION", "none", "none")).isEqualTo(1);
            assertThat(count(registry, "TRANSPORT_ERROR", "none", "none")).isEqualTo(2);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).timers().stream()
                    .mapToLong(timer -> timer.count()).sum()).isEqualTo(14);
            assertThat(reasonCount(registry, "UPGRADE_INVALID")).isEqualTo(2);
            assertThat(reasonCount(registry, "STATUS_NOT_SWITCHING_PROTOCOLS")).isEqualTo(2);
            assertThat(reasonCount(registry, "SUBPROTOCOL_NOT_OFFERED")).isEqualTo(4);
            assertThat(reasonCount(registry, "EXTENSION_NOT_OFFERED")).isEqualTo(1);
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME).tag("client", "reactor-netty")
                    .timers().stream().mapToLong(timer -> timer.count()).sum()).isEqualTo(14);
        });
    }

    @Test
    void sessionGaugeCountsReactiveSessionsUntilTheyEnd() {
        this.runner.run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            reactor.core.publisher.Sinks.Empty<Void> release = reactor.core.publisher.Sinks.empty();
            WebSocketHandler held = session -> release.asMono().then(session.close());
            reactor.core.Disposable first = client.execute(echo(), held).subscribe();
            reactor.core.Disposable second = client.execute(echo(), held).subscribe();
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "v1.chat") == 2);
            release.tryEmitEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "v1.chat") == 0);
            first.dispose();
            second.dispose();
        });
    }

    @Test
    void theHandshakeIsASpanWhoseTraceparentTravelsOnTheUpgradeRequest() {
        List<MutableSpan> spans = new CopyOnWriteArrayList<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        BraveAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
                        HandshakeAutoConfiguration.class, HandshakeReactiveAutoConfiguration.class))
                .withPropertyValues("management.tracing.sampling.probability=1.0")
                .withBean(SpanHandler.class, () -> new SpanHandler() {
                    @Override
                    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        spans.add(span);
                        return true;
                    }
                }).run(context -> {
                    try (ScriptedServerAccess scripted = ScriptedServerAccess
                            .start(key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")) {
                        failureOf(context.getBean(WebSocketClient.class).execute(scripted.uri(),
                                session -> session.close()));
                        String request = scripted.nextRequest();
                        assertThat(spans).hasSize(1);
                        MutableSpan span = spans.get(0);
                        assertThat(span.tag("outcome")).isEqualTo("INVALID_PROTOCOL_FORMAT");
                        assertThat(request).containsIgnoringCase(
                                "traceparent: 00-" + span.traceId() + "-" + span.id() + "-01");
                    }
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
}
