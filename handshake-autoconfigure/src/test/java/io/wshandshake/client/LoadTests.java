package io.wshandshake.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.observation.HandshakeOutcome;
import io.wshandshake.testserver.TestContexts;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reconnect storm: 1,000 handshakes, 100 at a time, half against a real server and half against servers that
 * answer wrongly. Every handshake ends with the right outcome, the meters count exactly, and the client's file
 * descriptors and threads return to where they started.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ClientContainer.class)
class LoadTests {

    private static final int HANDSHAKES = 1000;

    private static final int AT_A_TIME = 100;

    private final ApplicationContextRunner runner;

    LoadTests(ClientContainer container) {
        this.runner = TestContexts.withMetrics().withPropertyValues("handshake.subprotocols=v1.chat",
                "handshake.connect.pool-size=16", TestContexts.container(container));
    }

    @Test
    void everyHandshakeOfAStormIsCountedAndNothingLeaks() throws Exception {
        try (ConfigurableApplicationContext server = TestServerApplication.start();
                ScriptedServer wrongAccept = new ScriptedServer(key -> answer("x" + key, "v1.chat"));
                ScriptedServer wrongSubprotocol = new ScriptedServer(key -> answer(key, "v9.chat"))) {
            String valid = "ws://127.0.0.1:" + TestServerApplication.port(server) + "/echo";
            List<String> targets = List.of(valid, wrongAccept.uri().toString(), valid,
                    wrongSubprotocol.uri().toString());

            // Warm up once, so lazily opened files and pools count in the baseline.
            this.runner.run(context -> storm(context, targets, 40));
            long fdsBefore = openFileDescriptors();
            int clientThreadsBefore = clientThreads();

            this.runner.run(context -> {
                List<HandshakeOutcome> outcomes = storm(context, targets, HANDSHAKES);
                assertThat(clientThreads()).as("the thread count sees the client's threads").isPositive();
                assertThat(outcomes).as("outcomes %s", frequencies(outcomes))
                        .filteredOn(HandshakeOutcome.SUCCESS::equals).hasSize(HANDSHAKES / 2);
                assertThat(outcomes).filteredOn(HandshakeOutcome.INVALID_PROTOCOL_FORMAT::equals)
                        .hasSize(HANDSHAKES / 4);
                assertThat(outcomes).filteredOn(HandshakeOutcome.UNSUPPORTED_SUBPROTOCOL::equals)
                        .hasSize(HANDSHAKES / 4);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(count(registry, "SUCCESS")).isEqualTo(HANDSHAKES / 2);
                assertThat(count(registry, "INVALID_PROTOCOL_FORMAT")).isEqualTo(HANDSHAKES / 4);
                assertThat(count(registry, "UNSUPPORTED_SUBPROTOCOL")).isEqualTo(HANDSHAKES / 4);
                await().atMost(java.time.Duration.ofSeconds(20)).until(() -> registry.get("websocket.client.sessions")
                        .tag("subprotocol", "v1.chat").gauge().value() == 0);
            });

            await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(openFileDescriptors()).as("open file descriptors").isLessThanOrEqualTo(fdsBefore);
                assertThat(clientThreads()).as("client threads %s", clientThreadNames())
                        .isLessThanOrEqualTo(clientThreadsBefore);
            });
        }
    }

    /** Runs the handshakes, {@value #AT_A_TIME} at a time, closing every session that opens. */
    private static List<HandshakeOutcome> storm(org.springframework.context.ApplicationContext context,
            List<String> targets, int handshakes) throws Exception {
        WebSocketClient client = context.getBean(WebSocketClient.class);
        List<HandshakeOutcome> outcomes = new ArrayList<>();
        for (int wave = 0; wave < handshakes / AT_A_TIME + ((handshakes % AT_A_TIME > 0) ? 1 : 0); wave++) {
            List<CompletableFuture<WebSocketSession>> futures = new ArrayList<>();
            for (int i = wave * AT_A_TIME; i < Math.min(handshakes, (wave + 1) * AT_A_TIME); i++) {
                futures.add(client.execute(new TextWebSocketHandler(), targets.get(i % targets.size())));
            }
            for (CompletableFuture<WebSocketSession> future : futures) {
                try {
                    future.get(30, TimeUnit.SECONDS).close();
                    outcomes.add(HandshakeOutcome.SUCCESS);
                }
                catch (ExecutionException ex) {
                    outcomes.add(HandshakeOutcome.ofFailure(ex));
                }
            }
        }
        return outcomes;
    }

    private static java.util.Map<HandshakeOutcome, Long> frequencies(List<HandshakeOutcome> outcomes) {
        return outcomes.stream().collect(java.util.stream.Collectors.groupingBy(outcome -> outcome,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static long count(MeterRegistry registry, String outcome) {
        return registry.get("websocket.client.handshake").tag("outcome", outcome).timer().count();
    }

    private static String answer(String key, String subprotocol) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key) + "\r\nSec-WebSocket-Protocol: "
                + subprotocol + "\r\n\r\n";
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Threads the client side owns: the connect pool, Tomcat's client I/O group and Jetty's HttpClient pool. */
    private static int clientThreads() {
        return clientThreadNames().size();
    }

    private static List<String> clientThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("handshake-connect-") || name.startsWith("WebSocketClient-")
                        || name.startsWith("HttpClient@"))
                .sorted().toList();
    }
}
