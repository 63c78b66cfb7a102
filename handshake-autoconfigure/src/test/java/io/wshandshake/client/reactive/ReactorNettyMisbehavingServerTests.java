package io.wshandshake.client.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import io.wshandshake.client.RedactedException;
import io.wshandshake.client.ScriptedServerAccess;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.SecWebSocketAccept;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.WebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The validating Reactor Netty client against a scripted server on a real socket that answers wrongly in every way
 * a handshake can be wrong: the {@code Mono} fails with the right {@link HandshakeException}, the handler never
 * runs, the client closes the socket, and the listeners hear one failure.
 */
class ReactorNettyMisbehavingServerTests {

    private final ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();

    private final ValidatingReactorNettyWebSocketClient client = new ValidatingReactorNettyWebSocketClientBuilder(
            HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                    .extensions(List.of("permessage-deflate; server_no_context_takeover"))
                    .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build())
            .listener(this.recorder).connectTimeout(Duration.ofSeconds(2)).build();

    private final AtomicInteger handlerRuns = new AtomicInteger();

    private final WebSocketHandler handler = session -> {
        this.handlerRuns.incrementAndGet();
        return session.close();
    };

    static Stream<Arguments> misbehaviours() {
        return Stream.of(
                failure("wrong Sec-WebSocket-Accept", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey("x" + key),
                        "Sec-WebSocket-Protocol: v1.chat"), FailureReason.ACCEPT_MISMATCH),
                failure("Sec-WebSocket-Accept twice", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), accept(key), "Sec-WebSocket-Protocol: v1.chat"),
                        FailureReason.ACCEPT_MISSING_OR_REPEATED),
                // Names in two cases are one header (RFC 9110 section 5.1): the lines reach the validator apart.
                failure("Sec-WebSocket-Accept twice, in two cases", key -> answer("Upgrade: websocket",
                        "Connection: Upgrade", "sec-websocket-accept: " + SecWebSocketAccept.forKey(key), accept(key),
                        "Sec-WebSocket-Protocol: v1.chat"), FailureReason.ACCEPT_MISSING_OR_REPEATED),
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
                // Netty offers these legacy extensions next to permessage-deflate: the client takes them off the
                // request, so choosing one is choosing what was not offered.
                failure("legacy deflate-frame", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat",
                        "Sec-WebSocket-Extensions: x-webkit-deflate-frame"), FailureReason.EXTENSION_NOT_OFFERED),
                failure("un-offered extension", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat", "Sec-WebSocket-Extensions: x-other"),
                        FailureReason.EXTENSION_NOT_OFFERED),
                failure("deflate twice", key -> answer("Upgrade: websocket", "Connection: Upgrade", accept(key),
                        "Sec-WebSocket-Protocol: v1.chat", "Sec-WebSocket-Extensions: permessage-deflate; "
                                + "server_no_context_takeover, permessage-deflate; server_no_context_takeover"),
                        FailureReason.EXTENSION_REPEATED),
                failure("client window that was not offered", key -> answer("Upgrade: websocket",
                        "Connection: Upgrade", accept(key), "Sec-WebSocket-Protocol: v1.chat",
                        "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; "
                                + "client_max_window_bits=12"), FailureReason.EXTENSION_PARAMETERS_REJECTED),
                failure("malformed extensions", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat",
                        "Sec-WebSocket-Extensions: permessage-deflate;"), FailureReason.EXTENSIONS_MALFORMED),
                failure("403 Forbidden", key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n",
                        FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS),
                failure("200 OK", key -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                        FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS),
                failure("redirect", key -> "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n",
                        FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS),
                failure("headers beyond the limit", key -> answer("Upgrade: websocket", "Connection: Upgrade",
                        accept(key), "Sec-WebSocket-Protocol: v1.chat", "X-Padding: " + "a".repeat(70_000)),
                        FailureReason.HEADERS_TOO_LARGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misbehaviours")
    void refusedBeforeTheHandlerRunsAndTheSocketIsClosed(String name, Function<String, String> script,
            FailureReason reason) throws Exception {
        try (ScriptedServerAccess server = ScriptedServerAccess.start(script)) {
            Throwable failure = catchThrowable(() -> this.client.execute(server.uri(), this.handler)
                    .block(Duration.ofSeconds(10)));
            assertThat(failure).isInstanceOf(HandshakeException.class);
            assertThat(((HandshakeException) failure).reason()).isEqualTo(reason);
            assertThat(this.handlerRuns).as("handler runs").hasValue(0);
            assertThat(server.nextClosedByClient()).as("the client closed the socket").isTrue();
            assertThat(this.recorder.events).containsExactly("started", "failed HandshakeException");
        }
    }

    /** The validator would accept this answer; Netty refuses it, and the refusal is in the same taxonomy. */
    @Test
    void nettysOwnRefusalOfNoSubprotocolIsSubprotocolMissing() throws Exception {
        ValidatingReactorNettyWebSocketClient lenient = new ValidatingReactorNettyWebSocketClientBuilder(
                HandshakeValidator.builder().subprotocols(List.of("v1.chat")).subprotocolRequired(false).build())
                .listener(this.recorder).build();
        try (ScriptedServerAccess server = ScriptedServerAccess.start(key -> answer("Upgrade: websocket",
                "Connection: Upgrade", accept(key)))) {
            Throwable failure = failureOf(lenient.execute(server.uri(), this.handler));
            assertThat(failure).isInstanceOf(HandshakeException.class);
            assertThat(((HandshakeException) failure).reason()).isEqualTo(FailureReason.SUBPROTOCOL_MISSING);
            assertThat(this.handlerRuns).hasValue(0);
            assertThat(server.nextClosedByClient()).as("the client closed the socket").isTrue();
            assertThat(this.recorder.events).containsExactly("started", "failed HandshakeException");
        }
    }

    @Test
    void aSilentServerFailsAtTheDeadlineAndTheSocketIsClosed() throws Exception {
        try (ScriptedServerAccess server = ScriptedServerAccess.start(key -> {
            try {
                Thread.sleep(3000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return "";
        })) {
            Throwable failure = failureOf(this.client.execute(server.uri(), this.handler));
            assertThat(failure).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("handshake.connect.timeout");
            assertThat(this.handlerRuns).hasValue(0);
            assertThat(this.recorder.events).containsExactly("started", "failed TimeoutException");
            assertThat(server.nextClosedByClient()).as("the client closed the socket").isTrue();
        }
    }

    @Test
    void theDeadlineCoversTheHandshakeOnlyNeverTheSession() {
        ValidatingReactorNettyWebSocketClient quick = new ValidatingReactorNettyWebSocketClientBuilder(
                HandshakeValidator.builder().subprotocols(List.of("v1.chat")).build())
                .connectTimeout(Duration.ofSeconds(2)).build();
        reactor.netty.DisposableServer server = ReactorNettyServers.echo();
        try {
            quick.execute(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                    session -> Mono.delay(Duration.ofSeconds(3)).then(session.close()))
                    .block(Duration.ofSeconds(10));
        }
        finally {
            server.disposeNow();
        }
    }

    @Test
    void aRefusedConnectionIsARedactedTransportFailure() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Throwable failure = failureOf(this.client.execute(
                java.net.URI.create("ws://user:secret@127.0.0.1:" + port + "/x?token=hidden"), this.handler));
        assertThat(failure).isInstanceOf(RedactedException.class);
        assertThat(failure.getMessage()).doesNotContain("secret").doesNotContain("hidden");
        assertThat(this.recorder.events).containsExactly("started", "failed RedactedException");
    }

    @Test
    void aCallersExtensionHeaderIsRefusedBeforeConnecting() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.add("Sec-WebSocket-Extensions", "x-other");
        Throwable failure = catchThrowable(() -> this.client.execute(java.net.URI.create("ws://127.0.0.1:9/x"),
                headers, this.handler).block(Duration.ofSeconds(10)));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handshake.reactive.extensions");
    }

    /** What the {@code Mono} failed with (block() wraps checked exceptions). */
    private static Throwable failureOf(Mono<Void> connect) {
        return reactor.core.Exceptions.unwrap(catchThrowable(() -> connect.block(Duration.ofSeconds(10))));
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
