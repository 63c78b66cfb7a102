package io.wshandshake.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeMetricsAutoConfiguration;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.PerMessageDeflateParameters;
import io.wshandshake.observation.HandshakeOutcome;
import io.wshandshake.testserver.TestServerApplication;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The client on Jetty 12.1's container against a real server: validation, attributes and events as on Tomcat, the
 * overall deadline, and a clean stop of the container the client created.
 */
class JettyClientTests {

    private static ConfigurableApplicationContext server;

    private static int port;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeMetricsAutoConfiguration.class,
                    HandshakeAutoConfiguration.class))
            .withBean(EventCollector.class)
            .withPropertyValues("handshake.container=jetty");

    @BeforeAll
    static void startServer() {
        server = TestServerApplication.start();
        port = TestServerApplication.port(server);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void subprotocolAndDeflateReachTheSessionAndMessagesFlowCompressedBothWays() {
        this.runner.withPropertyValues("handshake.subprotocols=v3.chat,v1.chat",
                "handshake.extensions=permessage-deflate; client_max_window_bits").run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            assertThat(ReflectionTestUtils.getField(client, "container").getClass().getName())
                    .startsWith("org.eclipse.jetty.");
            try (CountingRelay relay = new CountingRelay(port)) {
                RecordingHandler handler = new RecordingHandler();
                WebSocketSession session = client.execute(handler, "ws://127.0.0.1:" + relay.port() + "/echo")
                        .get(10, TimeUnit.SECONDS);
                Map<String, Object> attributes = handler.attributesAtOpen.get();
                HandshakeResult result = (HandshakeResult) attributes.get(HandshakeAttributes.RESULT);
                assertThat(attributes).containsEntry(HandshakeAttributes.SUBPROTOCOL, "v1.chat");
                assertThat(attributes.get(HandshakeAttributes.PER_MESSAGE_DEFLATE))
                        .isInstanceOf(PerMessageDeflateParameters.class).isEqualTo(result.perMessageDeflate().get());
                assertThat(session.getAcceptedProtocol()).isEqualTo("v1.chat");

                // Twice: a second message shows both sides kept (or reset) their compression context alike.
                String text = "All work and no play makes Jack a dull boy. ".repeat(100);
                for (int i = 0; i < 2; i++) {
                    long before = relay.clientToServer.get() + relay.serverToClient.get();
                    session.sendMessage(new TextMessage(text));
                    assertThat(handler.messages.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
                    long onTheWire = relay.clientToServer.get() + relay.serverToClient.get() - before;
                    assertThat(onTheWire).isLessThan(text.length() / 5);
                }
                session.close();
            }
            assertThat(context.getBean(EventCollector.class).events).singleElement()
                    .isInstanceOf(HandshakeSucceededEvent.class);
        });
    }

    @Test
    void aSilentServerFailsTheFutureAtTheDeadline() {
        this.runner.withPropertyValues("handshake.connect.timeout=500ms").run(context -> {
            try (ScriptedServer silent = new ScriptedServer((key, out) -> ScriptedServer.pause(5_000))) {
                RecordingHandler handler = new RecordingHandler();
                long start = System.nanoTime();
                CompletableFuture<WebSocketSession> future = context.getBean(WebSocketClient.class)
                        .execute(handler, silent.uri().toString());
                ExecutionException ex = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
                assertThat(ex.getCause()).isInstanceOf(TimeoutException.class);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
                assertThat(HandshakeOutcome.ofFailure(ex)).isEqualTo(HandshakeOutcome.TRANSPORT_ERROR);
                assertThat(handler.established.getCount()).isOne();
            }
        });
    }

    @Test
    void theClientStopsTheJettyContainerItCreated() {
        ValidatingWebSocketClient client = new ValidatingWebSocketClientBuilder(
                io.wshandshake.core.HandshakeValidator.builder().negotiator(TransportLimits.jdkDeflaterNegotiator())
                        .build()).clientContainer(ClientContainer.JETTY).build();
        LifeCycle container = (LifeCycle) ReflectionTestUtils.getField(client, "container");
        assertThat(container.isRunning()).isTrue();
        client.destroy();
        assertThat(container.isStopped()).isTrue();
    }

    @Test
    void anOfferJettyCannotHonourIsRefusedAtStartUp() {
        this.runner.withPropertyValues("handshake.extensions=permessage-deflate; client_no_context_takeover")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("handshake.extensions[0]"));
    }

}
