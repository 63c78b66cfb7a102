package io.wshandshake.client;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.observation.HandshakeOutcome;
import io.wshandshake.testserver.TestContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Slow and broken servers through the real client: every attempt ends by the overall deadline or sooner with a
 * clear error, the socket is closed, no connect thread stays busy, and the observation records the failure.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ClientContainer.class)
class HostileServerTests {

    private final ClientContainer container;

    private final ApplicationContextRunner runner;

    HostileServerTests(ClientContainer container) {
        this.container = container;
        this.runner = TestContexts.withMetrics().withPropertyValues("handshake.connect.timeout=1s",
                TestContexts.container(container));
    }

    @Test
    void neverAnswers() {
        expectTimeout((key, out) -> ScriptedServer.pause(8_000));
    }

    @Test
    void halfAStatusLine() {
        expectTimeout((key, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 10");
            ScriptedServer.pause(8_000);
        });
    }

    @Test
    void tricklesAByteAtATimeSoNoSingleReadTimesOut() {
        // Each byte comes well within Tomcat's per-read timeout; only the overall deadline stops it.
        expectTimeout((key, out) -> {
            for (byte b : validAnswer(key).getBytes(StandardCharsets.ISO_8859_1)) {
                out.write(b);
                out.flush();
                ScriptedServer.pause(100);
            }
        });
    }

    @Test
    void endlessHeaderStreamFailsByTheDeadline() {
        // Tomcat 11.0.23+ caps the response head (the client sets the cap from handshake.max-response-header-size)
        // and refuses the stream early. Tomcat 11.0.22 has no cap, and its read loop does not look at the
        // interrupt while data keeps coming, so its thread is freed only when the server stops; the caller's future
        // fails at the deadline all the same.
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer((key, out) -> {
                ScriptedServer.write(out, "HTTP/1.1 101 Switching Protocols\r\nX-Endless: ");
                byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.ISO_8859_1);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                while (System.nanoTime() < end) {
                    out.write(chunk);
                }
            })) {
                long start = System.nanoTime();
                ExecutionException ex = connectAndFail(context, server);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(7_000);
                Optional<HandshakeException> tooLarge = HandshakeException.find(ex);
                if (tooLarge.isPresent()) {
                    assertThat(tooLarge.get().reason()).isEqualTo(FailureReason.HEADERS_TOO_LARGE);
                    assertCleanAfterwards(context, server, "INVALID_PROTOCOL_FORMAT", 25);
                }
                else {
                    assertThat(ex.getCause()).isInstanceOf(TimeoutException.class);
                    // Tomcat 11.0.22 lets the connecting thread go, and closes the socket, only once the server
                    // stops sending (after 8 seconds) and its next read gives up: wait for that, however loaded
                    // the machine, before checking that all is clean.
                    ThreadPoolTaskExecutor pool = (ThreadPoolTaskExecutor) context
                            .getBean(ValidatingWebSocketClient.class).getTaskExecutor();
                    await().atMost(java.time.Duration.ofSeconds(30)).until(() -> pool.getActiveCount() == 0);
                    assertCleanAfterwards(context, server, "TRANSPORT_ERROR", 25);
                }
            }
        });
    }

    @Test
    void aOneMebibyteHeaderIsRefused() {
        expectHandshakeFailure((key, out) -> ScriptedServer.write(out,
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key) + "\r\nX-Big: "
                + "a".repeat(1024 * 1024) + "\r\n\r\n"), FailureReason.HEADERS_TOO_LARGE);
    }

    @Test
    void closesMidHeaders() {
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer((key, out) -> ScriptedServer.write(out,
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnec"))) {
                ExecutionException ex = connectAndFail(context, server);
                assertThat(HandshakeOutcome.ofFailure(ex)).isEqualTo(HandshakeOutcome.TRANSPORT_ERROR);
                assertCleanAfterwards(context, server, "TRANSPORT_ERROR");
            }
        });
    }

    @Test
    void framesBeforeThe101Completes() {
        // A text frame ("hello") in the middle of the header block: Tomcat reads it as part of a header, and the
        // validator finds no Connection; Jetty's HTTP parser refuses the frame's bytes as a malformed head.
        FailureReason reason = (this.container == ClientContainer.TOMCAT) ? FailureReason.CONNECTION_INVALID
                : FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS;
        expectHandshakeFailure((key, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n");
            out.write(new byte[] { (byte) 0x81, 0x05, 'h', 'e', 'l', 'l', 'o' });
            ScriptedServer.write(out, "\r\nSec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key) + "\r\n\r\n");
        }, reason);
    }

    @Test
    void controlCharactersFromTheServerComeOutInert() {
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer((key, out) -> ScriptedServer.write(out,
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key) + "\r\n"
                            + "Sec-WebSocket-Protocol: evil\r[2J\u001b[31mINFO fake log line\r\n\r\n"))) {
                ExecutionException ex = connectAndFail(context, server);
                HandshakeException failure = HandshakeException.find(ex).orElseThrow();
                assertThat(failure.getMessage()).doesNotContainPattern("[\\x00-\\x1f\\x7f]");
                if (this.container == ClientContainer.TOMCAT) {
                    assertThat(failure.getMessage()).contains("\\r[2J\\x1b[31mINFO fake log line");
                }
                else {
                    // Jetty's HTTP parser refuses the bare CR before the validator sees the value.
                    assertThat(failure.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
                    assertThat(failure.getMessage()).contains("Jetty's HTTP parser refused");
                }
            }
        });
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer((key, out) -> ScriptedServer.write(out,
                    "HTTP/1.1 40\u001b[2J4 Gone\r\n\r\n"))) {
                ExecutionException ex = connectAndFail(context, server);
                assertThat(ex.getCause()).isInstanceOf(HandshakeException.class);
                assertThat(ex.getCause().getMessage()).doesNotContainPattern("[\\x00-\\x1f\\x7f]")
                        .contains((this.container == ClientContainer.TOMCAT) ? "\\x1b" : "Jetty's HTTP parser refused");
            }
        });
    }

    private void expectTimeout(ScriptedServer.Script script) {
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer(script)) {
                long start = System.nanoTime();
                ExecutionException ex = connectAndFail(context, server);
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(ex.getCause()).isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("did not complete within 1000 ms");
                // The server would have gone on for 8 seconds; the client gave up at its deadline.
                assertThat(elapsedMillis).isLessThan(7_000);
                assertCleanAfterwards(context, server, "TRANSPORT_ERROR");
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName()
                        .startsWith("handshake-connect-") && thread.isInterrupted());
            }
        });
    }

    private void expectHandshakeFailure(ScriptedServer.Script script, FailureReason reason) {
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer(script)) {
                ExecutionException ex = connectAndFail(context, server);
                assertThat(HandshakeException.find(ex)).as("cause chain of %s", ex)
                        .hasValueSatisfying(failure -> assertThat(failure.reason()).isEqualTo(reason));
                assertCleanAfterwards(context, server, reason.error().name());
            }
        });
    }

    private static ExecutionException connectAndFail(AssertableApplicationContext context, ScriptedServer server) {
        RecordingHandler handler = new RecordingHandler();
        CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class).execute(handler,
                server.uri().toString());
        ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(15, TimeUnit.SECONDS));
        assertThat(handler.established.getCount()).as("afterConnectionEstablished calls").isOne();
        return ex;
    }

    /** The socket is closed, no connect thread is busy, and the failure was counted once. */
    private static void assertCleanAfterwards(AssertableApplicationContext context, ScriptedServer server,
            String outcome) throws InterruptedException {
        assertCleanAfterwards(context, server, outcome, 20);
    }

    private static void assertCleanAfterwards(AssertableApplicationContext context, ScriptedServer server,
            String outcome, int seconds) throws InterruptedException {
        assertThat(server.nextExchange(seconds).closedByClient()).as("the client closed the socket").isTrue();
        ThreadPoolTaskExecutor executor = (ThreadPoolTaskExecutor) context.getBean(ValidatingWebSocketClient.class)
                .getTaskExecutor();
        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> executor.getActiveCount() == 0);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        assertThat(registry.get("websocket.client.handshake").tag("outcome", outcome).timer().count()).isOne();
    }

    private static String validAnswer(String key) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key) + "\r\n\r\n";
    }
}
