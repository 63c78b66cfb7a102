package io.wshandshake.observation;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.wshandshake.autoconfigure.HandshakeReactiveStandardAutoConfiguration;
import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.client.reactive.ValidatingStandardWebSocketClient;
import io.wshandshake.testserver.TestContexts;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
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
 * The auto-configured reactive JSR-356 client (Reactor Netty absent) on Tomcat's and Jetty's containers: exact
 * handshake meters per outcome and reason, and the session gauge, with Boot's own metrics and observation
 * auto-configuration, against a real Tomcat WebSocket server and scripted misbehaving ones.
 */
class ReactiveStandardObservationIntegrationTests {

    private static ConfigurableApplicationContext server;

    private final ApplicationContextRunner runner = TestContexts.withMetrics()
            .withConfiguration(AutoConfigurations.of(HandshakeReactiveStandardAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(HttpClient.class))
            .withPropertyValues("handshake.subprotocols=v1.chat", "handshake.extensions=permessage-deflate");

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

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void timerCountsEveryHandshakeByOutcomeExactly(ClientContainer container) {
        this.runner.withPropertyValues(TestContexts.container(container)).run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            assertThat(client).isInstanceOf(ValidatingStandardWebSocketClient.class);
            for (int i = 0; i < 3; i++) {
                client.execute(echo(), session -> session.close()).block(Duration.ofSeconds(10));
            }
            failTimes(client, 2, key -> answer(key, "Sec-WebSocket-Protocol: v1.chat").replace("Upgrade: websocket",
                    "Upgrade: h2c"));
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
            // Told apart from the servlet client on the same container by the client tag.
            assertThat(registry.find(DefaultHandshakeObservationConvention.NAME)
                    .tag("client", "reactive-" + container.clientKind()).timers().stream()
                    .mapToLong(timer -> timer.count()).sum()).isEqualTo(14);
        });
    }

    @ParameterizedTest
    @EnumSource(ClientContainer.class)
    void sessionGaugeCountsSessionsUntilTheyEnd(ClientContainer container) {
        this.runner.withPropertyValues(TestContexts.container(container)).run(context -> {
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
}
