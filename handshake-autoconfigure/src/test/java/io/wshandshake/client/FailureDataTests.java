package io.wshandshake.client;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.observation.HandshakeOutcome;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Failures carry their data: against a scripted server on a real socket, the status of a non-101 answer and the
 * offending value are fields of the {@link HandshakeException}, its message names the URI (without credentials) and
 * the property that decided, where one did; and only the refusals the client knows become handshake errors, while
 * anything else a container throws stays a transport failure.
 */
class FailureDataTests {

    private final HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v12.stomp"))
            .build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "TOMCAT", "JETTY" })
    void aNon101AnswerCarriesItsStatusAndTheMessageItsUri(String container) throws Exception {
        HandshakeException failure = handshakeFailure(ClientContainer.valueOf(container),
                key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", "/chat?token=Secret");
        assertThat(failure.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(failure.status()).hasValue(403);
        assertThat(failure.getMessage()).contains("ws://127.0.0.1:").contains("/chat").doesNotContain("Secret");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "TOMCAT", "JETTY" })
    void theEnginesVerdictNamesTheDecidingPropertyAndTheUriAndKeepsItsData(String container) throws Exception {
        HandshakeException failure = handshakeFailure(ClientContainer.valueOf(container),
                key -> answer(key, "Connection: Upgrade"), "/stomp?token=Secret");
        assertThat(failure.reason()).isEqualTo(FailureReason.SUBPROTOCOL_MISSING);
        assertThat(failure.error()).isEqualTo(FailureReason.SUBPROTOCOL_MISSING.error());
        assertThat(failure.header()).hasValue("Sec-WebSocket-Protocol");
        assertThat(failure.getMessage()).startsWith("The server chose no subprotocol, but one of [v12.stomp] is "
                + "required (handshake.subprotocol-required=true), in the answer from ws://127.0.0.1:")
                .endsWith("/stomp");
        assertThat(failure.getCause()).isInstanceOf(HandshakeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "TOMCAT", "JETTY" })
    void theOffendingValueIsRaw(String container) throws Exception {
        HandshakeException failure = handshakeFailure(ClientContainer.valueOf(container),
                key -> answer(key, "Connection: keep-alive", "Connection: close"), "/");
        assertThat(failure.reason()).isEqualTo(FailureReason.CONNECTION_INVALID);
        assertThat(failure.header()).hasValue("Connection");
        assertThat(failure.value()).hasValue("keep-alive, close");
    }

    /** Tomcat hands a control character in a header value on (Jetty's parser refuses the answer itself). */
    @Test
    void theOffendingValueIsRawAndTheMessageEscapesIt() throws Exception {
        HandshakeException failure = handshakeFailure(ClientContainer.TOMCAT,
                key -> answer(key, "Connection: keep-alive\u001b[31m"), "/");
        // A control character makes the line malformed before any header is judged (RFC 9110 section 5.5).
        assertThat(failure.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(failure.value()).hasValueSatisfying(value -> assertThat(value).contains("keep-alive\u001b[31m"));
        assertThat(failure.getMessage()).contains("keep-alive\\x1b[31m").doesNotContain("\u001b");
    }

    @Test
    void aMalformedStatusLineIsTheValueWithNoStatus() throws Exception {
        HandshakeException failure = handshakeFailure(ClientContainer.TOMCAT,
                key -> "HTTP/1.1 abc Switching\r\nContent-Length: 0\r\n\r\n", "/");
        assertThat(failure.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(failure.status()).isEmpty();
        assertThat(failure.value()).hasValueSatisfying(line -> assertThat(line).contains("HTTP/1.1 abc"));
        assertThat(failure.getMessage()).contains("status line").contains("is malformed");
    }

    /** Jetty answers a head its parser refuses with a 400 of its own, which the server never sent. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "HTTP/1.1 abc Switching\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep\u001b\r\n\r\n" })
    void aHeadJettysParserRefusesHasNoStatus(String head) throws Exception {
        HandshakeException failure = handshakeFailure(ClientContainer.JETTY, key -> head, "/");
        assertThat(failure.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(failure.status()).isEmpty();
        assertThat(failure.getMessage()).contains("Jetty's HTTP parser refused").doesNotContain("status 400");
    }

    @Test
    void aRedirectToAMalformedLocationIsThatLocation() throws Exception {
        HandshakeException failure = handshakeFailure(ClientContainer.TOMCAT,
                key -> "HTTP/1.1 302 Found\r\nLocation: /a b\r\n\r\n", "/");
        assertThat(failure.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(failure.header()).hasValue("Location");
        assertThat(failure.value()).hasValue("/a b");
    }

    @Test
    void anUnexpectedRuntimeExceptionFromTheContainerIsATransportFailureLoggedOnce() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(HandshakeAttempt.class);
        logger.addAppender(logs);
        try {
            ValidatingWebSocketClient client = new ValidatingWebSocketClientBuilder(this.validator)
                    .container(new FaultyContainer(new IllegalStateException("a bug in the container at "
                            + "ws://user:Secret@127.0.0.1/x")))
                    .build();
            for (int i = 0; i < 3; i++) {
                ExecutionException ex = assertThrows(ExecutionException.class, () -> client
                        .execute(new RecordingHandler(), "ws://user:Secret@127.0.0.1:1/x").get(10, TimeUnit.SECONDS));
                assertThat(HandshakeException.find(ex)).isEmpty();
                assertThat(HandshakeOutcome.ofFailure(ex)).isEqualTo(HandshakeOutcome.TRANSPORT_ERROR);
                assertThat(ex.getCause()).isInstanceOf(RedactedException.class)
                        .hasMessageContaining("a bug in the container").hasMessageNotContaining("Secret");
                assertThat(((RedactedException) ex.getCause()).getOriginalType())
                        .isEqualTo(IllegalStateException.class.getName());
            }
            client.destroy();
            assertThat(logs.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains(IllegalStateException.class.getName())
                        .contains("ws://127.0.0.1:1/x").doesNotContain("Secret");
            });
        }
        finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void anUnknownDeploymentExceptionAfterTheRequestIsATransportFailure() throws Exception {
        ValidatingWebSocketClient client = new ValidatingWebSocketClientBuilder(this.validator)
                .container(new FaultyContainer(new DeploymentException("Something the client does not know")))
                .build();
        ExecutionException ex = assertThrows(ExecutionException.class,
                () -> client.execute(new RecordingHandler(), "ws://127.0.0.1:1/x").get(10, TimeUnit.SECONDS));
        client.destroy();
        assertThat(HandshakeException.find(ex)).isEmpty();
        assertThat(HandshakeOutcome.ofFailure(ex)).isEqualTo(HandshakeOutcome.TRANSPORT_ERROR);
    }

    private HandshakeException handshakeFailure(ClientContainer container, Function<String, String> script,
            String pathAndQuery) throws Exception {
        ValidatingWebSocketClient client = new ValidatingWebSocketClientBuilder(this.validator)
                .clientContainer(container).build();
        try (ScriptedServer server = new ScriptedServer(script)) {
            URI uri = URI.create(server.uri().toString().replaceFirst("/[^/]*$", "") + pathAndQuery);
            ExecutionException ex = assertThrows(ExecutionException.class,
                    () -> client.execute(new RecordingHandler(), null, uri).get(10, TimeUnit.SECONDS));
            return HandshakeException.find(ex).orElseThrow(() -> new AssertionError("no handshake failure", ex));
        }
        finally {
            client.destroy();
        }
    }

    private static String answer(String key, String... headers) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "
                + SecWebSocketAccept.forKey(key) + "\r\n" + String.join("\r\n", headers) + "\r\n\r\n";
    }

    /** A real container that sends the request as far as the configurator sees it, then fails with {@code failure}. */
    static final class FaultyContainer extends WsWebSocketContainer {

        private final Exception failure;

        FaultyContainer(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Session connectToServer(Endpoint endpoint, ClientEndpointConfig config, URI path)
                throws DeploymentException {
            config.getConfigurator().beforeRequest(new HashMap<>());
            if (this.failure instanceof DeploymentException deployment) {
                throw deployment;
            }
            throw (RuntimeException) this.failure;
        }
    }
}
