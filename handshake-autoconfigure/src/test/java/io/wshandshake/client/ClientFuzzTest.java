package io.wshandshake.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SecWebSocketAccept;
import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the whole response path of the real client: a server on a real socket answers with the fuzzer's bytes
 * (with {@code {ACCEPT}} replaced by the right accept value for the key, so inputs can get past that check, and an
 * empty line after them, so most inputs end the head rather than wait for the deadline; silence and trickles are
 * {@link HostileServerTests}' part). Any
 * answer must end, within the deadline, in an open session, a {@link HandshakeException}, or a transport error:
 * never another exception from deep inside the container.
 */
class ClientFuzzTest {

    private static final AtomicReference<byte[]> ANSWER = new AtomicReference<>(new byte[0]);

    private static ScriptedServer server;

    private static ValidatingWebSocketClient client;

    @BeforeAll
    static void start() throws IOException {
        server = new ScriptedServer((key, out) -> out.write(new String(ANSWER.get(), StandardCharsets.ISO_8859_1)
                .replace("{ACCEPT}", SecWebSocketAccept.forKey(key)).concat("\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v1.chat", "v2.chat"))
                .extensions(List.of("permessage-deflate; client_max_window_bits; server_max_window_bits=12",
                        "permessage-deflate"))
                .subprotocolRequired(false).negotiator(TransportLimits.jdkDeflaterNegotiator()).build();
        client = new ValidatingWebSocketClientBuilder(validator).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() throws IOException {
        client.destroy();
        server.close();
    }

    @FuzzTest(maxDuration = "60s")
    void clientResponsePath(byte[] answer) throws Exception {
        ANSWER.set(answer);
        try {
            WebSocketSession session = client.execute(new TextWebSocketHandler(), server.uri().toString())
                    .get(10, TimeUnit.SECONDS);
            assertThat(HandshakeAttributes.result(session)).isPresent();
            session.close();
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            // A transport failure reaches the caller redacted; a cause-less DeploymentException or any other
            // exception from inside the container would be a refusal the client failed to classify.
            boolean transport = cause instanceof TimeoutException
                    || (cause instanceof RedactedException redacted && cause.getCause() != null
                            && redacted.getOriginalType().equals(DeploymentException.class.getName()));
            assertThat(cause instanceof HandshakeException || transport)
                    .as("an unexpected failure: %s", cause).isTrue();
            for (Throwable failure = cause; failure != null; failure = failure.getCause()) {
                assertThat(failure.getMessage()).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\uffff]");
            }
        }
    }
}
