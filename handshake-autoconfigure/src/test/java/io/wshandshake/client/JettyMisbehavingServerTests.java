package io.wshandshake.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.observation.HandshakeOutcome;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link MisbehavingServerTests} on Jetty 12.1's client container: the same failure reasons, with what Jetty does
 * differently pinned down.
 */
class JettyMisbehavingServerTests extends MisbehavingServerTests {

    @Override
    String container() {
        return "jetty";
    }

    /** Jetty's own parser refuses a quoted parameter value with spaces around '=', which RFC 6455 allows. */
    @Override
    @Test
    void answersTheRfcAllowsButTomcatsOwnParserMisreadsStillOpenTheSession() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
                .withPropertyValues("handshake.container=jetty", "handshake.subprotocols=v1.chat",
                        "handshake.extensions=permessage-deflate; client_max_window_bits; server_max_window_bits=12")
                .run(context -> {
                    try (ScriptedServer server = new ScriptedServer(key -> "HTTP/1.1 101 Switching Protocols\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                            + SecWebSocketAccept.forKey(key) + "\r\nSec-WebSocket-Protocol: v1.chat\r\n"
                            + "Sec-WebSocket-Extensions: permessage-deflate ; server_max_window_bits = \"10\"\r\n\r\n")) {
                        CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class)
                                .execute(new RecordingHandler(), server.uri().toString());
                        ExecutionException ex = assertThrows(ExecutionException.class,
                                () -> future.get(10, TimeUnit.SECONDS));
                        assertThat(HandshakeOutcome.findHandshakeException(ex).reason())
                                .isEqualTo(FailureReason.EXTENSION_PARAMETERS_REJECTED);
                    }
                });
    }
}
