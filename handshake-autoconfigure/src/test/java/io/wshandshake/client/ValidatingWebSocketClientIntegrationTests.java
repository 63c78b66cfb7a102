package io.wshandshake.client;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.autoconfigure.HandshakeMetricsAutoConfiguration;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateParameters;
import io.wshandshake.testserver.TestServerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.WebSocketConnectionManager;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured client against a real embedded Spring Boot (Tomcat) WebSocket server.
 */
class ValidatingWebSocketClientIntegrationTests {

    private static ConfigurableApplicationContext server;

    private static int port;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HandshakeMetricsAutoConfiguration.class,
                    HandshakeAutoConfiguration.class))
            .withBean(EventCollector.class);

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
    void negotiatedSubprotocolAndDeflateReachTheSessionAndMessagesFlowCompressed() {
        this.runner.withPropertyValues("handshake.subprotocols=v3.chat,v1.chat,v2.chat",
                "handshake.extensions=permessage-deflate; client_max_window_bits")
                .withBean(LargeBuffers.class)
                .run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            assertThat(client).isInstanceOf(ValidatingWebSocketClient.class);
            try (CountingRelay relay = new CountingRelay(port)) {
                RecordingHandler handler = new RecordingHandler();
                WebSocketSession session = client.execute(handler, "ws://127.0.0.1:" + relay.port() + "/echo")
                        .get(10, TimeUnit.SECONDS);

                Map<String, Object> attributes = handler.attributesAtOpen.get();
                HandshakeResult result = (HandshakeResult) attributes.get(HandshakeAttributes.RESULT);
                assertThat(attributes).containsKey("io.wshandshake.core.HandshakeResult");
                // The server picks the first offer it supports: v1.chat, the second offered.
                assertThat(result.subprotocolIndex()).isEqualTo(1);
                assertThat(attributes).containsEntry(HandshakeAttributes.SUBPROTOCOL, "v1.chat")
                        .containsEntry(HandshakeAttributes.SUBPROTOCOL_INDEX, 1);
                assertThat(result.extensionIndices()).containsExactly(0);
                assertThat(attributes.get(HandshakeAttributes.PER_MESSAGE_DEFLATE))
                        .isInstanceOf(PerMessageDeflateParameters.class).isEqualTo(result.perMessageDeflate().get());
                assertThat(HandshakeAttributes.extensions(session)).extracting(NegotiatedExtension::name)
                        .containsExactly("permessage-deflate");
                assertThat(session.getAcceptedProtocol()).isEqualTo("v1.chat");
                assertThat(session.getExtensions()).extracting(e -> e.getName()).containsExactly("permessage-deflate");

                String large = "All work and no play makes Jack a dull boy. ".repeat(20_000);
                long before = relay.clientToServer.get() + relay.serverToClient.get();
                session.sendMessage(new TextMessage(large));
                String echoed = handler.messages.poll(10, TimeUnit.SECONDS);
                assertThat(large.equals(echoed)).as("the 880,000-character message came back intact").isTrue();
                long onTheWire = relay.clientToServer.get() + relay.serverToClient.get() - before;
                // 880,000 characters went each way; deflated they take a small fraction of that.
                assertThat(onTheWire).isLessThan(large.length() / 10);
                session.close();
            }
            EventCollector events = context.getBean(EventCollector.class);
            assertThat(events.events).singleElement().isInstanceOfSatisfying(HandshakeSucceededEvent.class,
                    event -> assertThat(event.getResult().subprotocol()).contains("v1.chat"));
        });
    }

    @Test
    void callersSubprotocolsReplaceTheConfiguredOnesAndIndicesPointIntoThem() {
        this.runner.withPropertyValues("handshake.subprotocols=v1.chat",
                "handshake.extensions=permessage-deflate").run(context -> {
            WebSocketClient client = context.getBean(WebSocketClient.class);
            WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
            headers.setSecWebSocketProtocol(List.of("mqtt", "v2.chat"));
            RecordingHandler handler = new RecordingHandler();
            WebSocketSession session = client.execute(handler, headers, URI.create("ws://127.0.0.1:" + port + "/echo"))
                    .get(10, TimeUnit.SECONDS);
            HandshakeResult result = HandshakeAttributes.result(session).orElseThrow();
            assertThat(result.subprotocol()).contains("v2.chat");
            assertThat(result.subprotocolIndex()).isEqualTo(1);
            // The configured extensions are still offered: the caller gave none of its own.
            assertThat(result.extensionIndices()).containsExactly(0);
            session.close();
        });
    }

    @Test
    void connectionManagerSessionsCarryTheResult() {
        this.runner.withPropertyValues("handshake.subprotocols=v2.chat").run(context -> {
            RecordingHandler handler = new RecordingHandler();
            WebSocketConnectionManager manager = new WebSocketConnectionManager(
                    context.getBean(WebSocketClient.class), handler, "ws://127.0.0.1:" + port + "/echo");
            manager.start();
            try {
                assertThat(handler.established.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(handler.attributesAtOpen.get()).containsEntry(HandshakeAttributes.SUBPROTOCOL, "v2.chat");
                await().atMost(java.time.Duration.ofSeconds(10)).until(manager::isConnected);
            }
            finally {
                manager.stop();
            }
        });
    }

    @Test
    void stompClientNegotiatesV12StompAndRoundTrips() {
        this.runner.withPropertyValues("handshake.subprotocols=v12.stomp").run(context -> {
            WebSocketStompClient stompClient = new WebSocketStompClient(context.getBean(WebSocketClient.class));
            stompClient.setMessageConverter(new StringMessageConverter());
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            StompSession session = stompClient.connectAsync("ws://127.0.0.1:" + port + "/stomp",
                    new StompSessionHandlerAdapter() {
                    }).get(10, TimeUnit.SECONDS);
            session.subscribe("/topic/echo", new StompFrameHandler() {
                @Override
                public Type getPayloadType(StompHeaders headers) {
                    return String.class;
                }

                @Override
                public void handleFrame(StompHeaders headers, Object payload) {
                    received.add((String) payload);
                }
            });
            // The subscription is registered asynchronously; send until the echo comes back.
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                session.send("/app/echo", "hello");
                return received.poll(200, TimeUnit.MILLISECONDS) != null;
            });
            session.disconnect();
            HandshakeSucceededEvent event = context.getBean(EventCollector.class).events.stream()
                    .filter(HandshakeSucceededEvent.class::isInstance).map(HandshakeSucceededEvent.class::cast)
                    .findFirst().orElseThrow();
            assertThat(event.getResult().subprotocol()).contains("v12.stomp");
            assertThat(event.getUri().getPath()).isEqualTo("/stomp");
        });
    }

    @Test
    void openSessionsCloseWithGoingAwayWhenTheContextCloses() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        WebSocketSession[] opened = new WebSocketSession[1];
        this.runner.run(context -> {
            opened[0] = context.getBean(WebSocketClient.class)
                    .execute(handler, "ws://127.0.0.1:" + port + "/echo?test=shutdown").get(10, TimeUnit.SECONDS);
            assertThat(opened[0].isOpen()).isTrue();
        });
        assertThat(handler.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(opened[0].isOpen()).isFalse();
        // The server saw the client leave with 1001 (going away).
        await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> TestServerApplication.ECHO_CLOSES.contains("test=shutdown 1001"));
    }
}
