package io.wshandshake.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeError;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.observation.HandshakeOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The auto-configured client against a scripted server on a real socket that answers the upgrade request wrongly
 * in every way a handshake can be wrong: the connect fails with the right error, no session opens, the socket is
 * closed.
 */
class MisbehavingServerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
            .withBean(EventCollector.class)
            .withPropertyValues("handshake.container=" + container(), "handshake.subprotocols=v1.chat",
                    "handshake.extensions=permessage-deflate; client_max_window_bits; server_max_window_bits=12");

    /** The client container these tests run on; {@link JettyMisbehavingServerTests} runs them on Jetty's. */
    String container() {
        return "tomcat";
    }

    static Stream<Arguments> misbehaviours() {
        return Stream.of(
                failure("wrong Sec-WebSocket-Accept", key -> answer("Upgrade: websocket",
                        "Connection: Upgrade", "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey("x" + key),
                        "Sec-WebSocket-Protocol: v1.chat"), FailureReason.ACCEPT_MISMATCH),
                failure("no Upgrade", key -> answer("Connection: Upgrade", accept(key),
                        "Sec-WebSocket-Protocol: v1.chat"), FailureReason.UPGRADE_INVALID),
                failure("Connection without upgrade", key -> answer("Upgrade: websocket", "Connection: keep-alive",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat"), FailureReason.CONNECTION_INVALID),
                failure("un-offered subprotocol", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v9.chat"), FailureReason.SUBPROTOCOL_NOT_OFFERED),
                failure("no subprotocol", key -> answer("Upgrade: websocket", "Connection: Upgrade", accept(key)),
                        FailureReason.SUBPROTOCOL_MISSING),
                failure("subprotocol list", key -> answer("Upgrade: websocket", "Connection: Upgrade", accept(key),
                        "Sec-WebSocket-Protocol: v1.chat, v2.chat"), FailureReason.SUBPROTOCOL_MALFORMED),
                failure("un-offered extension", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat",
                        "Sec-WebSocket-Extensions: x-webkit-deflate-frame"), FailureReason.EXTENSION_NOT_OFFERED),
                failure("server window larger than offered", key -> answer("Upgrade: websocket",
                        "Connection: Upgrade", accept(key), "Sec-WebSocket-Protocol: v1.chat",
                        "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=15"),
                        FailureReason.EXTENSION_PARAMETERS_REJECTED),
                failure("client window Tomcat cannot use (as Python websockets answers)", key -> answer(
                        "Upgrade: websocket", "Connection: Upgrade", accept(key), "Sec-WebSocket-Protocol: v1.chat",
                        "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=12; "
                                + "client_max_window_bits=12"), FailureReason.EXTENSION_PARAMETERS_REJECTED),
                failure("malformed extensions", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat",
                        "Sec-WebSocket-Extensions: permessage-deflate;"), FailureReason.EXTENSIONS_MALFORMED),
                failure("403 Forbidden", key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n",
                        FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS),
                failure("200 OK", key -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                        FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS),
                // Found by ClientFuzzTest: Tomcat follows the redirect with URI.create and throws from inside.
                failure("redirect to a malformed Location", key -> "HTTP/1.1 302 Found\r\nLocation: /a b\r\n\r\n",
                        FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misbehaviours")
    void handshakeFailsAndTheSocketIsClosed(String name, Function<String, String> script, FailureReason reason) {
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer(script)) {
                RecordingHandler handler = new RecordingHandler();
                CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class)
                        .execute(handler, server.uri().toString());
                ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
                assertThat(HandshakeException.find(ex)).as("cause chain of %s", ex).hasValueSatisfying(failure -> {
                    assertThat(failure.reason()).isEqualTo(reason);
                    assertThat(failure.error()).isEqualTo(reason.error());
                });
                assertThat(handler.established.getCount()).as("afterConnectionEstablished calls").isOne();
                assertThat(server.nextExchange().closedByClient()).as("the client closed the socket").isTrue();
                HandshakeFailedEvent event = (HandshakeFailedEvent) context.getBean(EventCollector.class).events
                        .get(0);
                assertThat(event.getOutcome().name()).isEqualTo(reason.error().name());
            }
        });
    }

    /**
     * A 101 the validator refuses after the container accepted it: the client closes the socket when it refuses,
     * not at the container's idle timeout (the overall deadline plus a second, here 31 seconds). The server's read
     * returns end-of-stream within 5 seconds, a bound far below that timeout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSwitches")
    void aRefusedAnswerIsClosedLongBeforeTheIdleTimeout(String name, Function<String, String> script) {
        this.runner.withPropertyValues("handshake.connect.timeout=30s").run(context -> {
            try (ScriptedServer server = new ScriptedServer(script)) {
                CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class)
                        .execute(new RecordingHandler(), server.uri().toString());
                assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
                ScriptedServer.Exchange exchange = server.pollExchange(5_000);
                assertThat(exchange).as("the server saw the client close the socket within 5 s").isNotNull();
                assertThat(exchange.closedByClient()).as("the client closed the socket").isTrue();
            }
        });
    }

    static Stream<Arguments> refusedSwitches() {
        return Stream.of(
                Arguments.of("validator refuses the subprotocol's absence", (Function<String, String>) key -> answer(
                        "Upgrade: websocket", "Connection: Upgrade", accept(key))),
                Arguments.of("validator refuses a window the client cannot use", (Function<String, String>) key ->
                        answer("Upgrade: websocket", "Connection: Upgrade", accept(key),
                                "Sec-WebSocket-Protocol: v1.chat",
                                "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=15")),
                Arguments.of("101 without Upgrade", (Function<String, String>) key -> answer("Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat")),
                Arguments.of("redirect without length", (Function<String, String>) key ->
                        "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n\r\n"));
    }

    @Test
    void aUriWithoutHostFailsTheFutureRatherThanThrowing() {
        this.runner.run(context -> {
            CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class)
                    .execute(new RecordingHandler(), null, java.net.URI.create("ws:///no-host"));
            ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            assertThat(ex.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no host");
        });
    }

    @Test
    void theRequestCarriesTheOffersAndAFreshKey() {
        this.runner.run(context -> {
            // With a length, so no client waits for the end of a body before it gives up on the answer.
            try (ScriptedServer server = new ScriptedServer(
                    key -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")) {
                CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class)
                        .execute(new RecordingHandler(), server.uri().toString());
                assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
                String request = server.nextExchange().request();
                assertThat(request).containsIgnoringCase("Sec-WebSocket-Protocol: v1.chat")
                        .containsIgnoringCase(
                                "Sec-WebSocket-Extensions: permessage-deflate;client_max_window_bits;server_max_window_bits=12")
                        .containsIgnoringCase("Sec-WebSocket-Version: 13");
            }
        });
    }

    @Test
    void answersTheRfcAllowsButTomcatsOwnParserMisreadsStillOpenTheSession() {
        this.runner.run(context -> {
            try (ScriptedServer server = new ScriptedServer(key -> answer("Upgrade: WebSocket",
                    "Connection: keep-alive, upgrade", accept(key), "Sec-WebSocket-Protocol:  v1.chat ",
                    "Sec-WebSocket-Extensions: , permessage-deflate ; server_max_window_bits = \"10\" ,"))) {
                RecordingHandler handler = new RecordingHandler();
                WebSocketSession session = context.getBean(WebSocketClient.class)
                        .execute(handler, server.uri().toString()).get(10, TimeUnit.SECONDS);
                assertThat(HandshakeAttributes.result(session).orElseThrow().perMessageDeflate().orElseThrow()
                        .serverMaxWindowBits()).isEqualTo(10);
                assertThat(session.getAcceptedProtocol()).isEqualTo("v1.chat");
                assertThat(session.getExtensions()).singleElement()
                        .satisfies(extension -> assertThat(extension.getParameters())
                                .containsEntry("server_max_window_bits", "10"));
                session.close();
            }
        });
    }

    @Test
    void aServerThatNeverAnswersFailsAtTheDeadlineAsATransportError() {
        this.runner.withPropertyValues("handshake.connect.timeout=500ms").run(context -> {
            try (ScriptedServer server = new ScriptedServer(key -> {
                ScriptedServer.pause(5_000);
                return "";
            })) {
                RecordingHandler handler = new RecordingHandler();
                CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class)
                        .execute(handler, server.uri().toString());
                ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
                assertThat(ex.getCause()).isInstanceOf(java.util.concurrent.TimeoutException.class)
                        .hasMessageContaining("did not complete within 500 ms");
                assertThat(HandshakeOutcome.ofFailure(ex)).isEqualTo(HandshakeOutcome.TRANSPORT_ERROR);
                assertThat(handler.established.getCount()).isOne();
            }
        });
    }


    private static Arguments failure(String name, Function<String, String> script, FailureReason reason) {
        return Arguments.of(name, script, reason);
    }

    private static String accept(String key) {
        return "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key);
    }

    private static String answer(String... headers) {
        return "HTTP/1.1 101 Switching Protocols\r\n" + String.join("\r\n", headers) + "\r\n\r\n";
    }
}
