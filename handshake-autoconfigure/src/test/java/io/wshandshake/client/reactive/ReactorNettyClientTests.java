package io.wshandshake.client.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.wshandshake.client.HandshakeAttemptContext;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.HandshakeLifecycleListener;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.PerMessageDeflateParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** The validating Reactor Netty client against a real Reactor Netty server over HTTP/1.1. */
class ReactorNettyClientTests {

    private static DisposableServer server;

    @BeforeAll
    static void startServer() {
        server = ReactorNettyServers.echo();
    }

    @AfterAll
    static void stopServer() {
        server.disposeNow();
    }

    private static URI echo() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/echo");
    }

    private static HandshakeValidator validator(String... extensions) {
        return HandshakeValidator.builder().subprotocols(List.of("v1.chat")).extensions(List.of(extensions))
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build();
    }

    @Test
    void theHandlerSeesTheValidatedResultInTheSessionAttributesAndTalksCompressed() {
        Recorder recorder = new Recorder();
        ValidatingReactorNettyWebSocketClient client = new ValidatingReactorNettyWebSocketClientBuilder(
                validator("permessage-deflate")).listener(recorder).build();
        AtomicReference<Map<String, Object>> attributes = new AtomicReference<>();
        AtomicReference<String> echoed = new AtomicReference<>();
        AtomicReference<String> subprotocol = new AtomicReference<>();
        WebSocketHandler handler = session -> {
            attributes.set(Map.copyOf(session.getAttributes()));
            subprotocol.set(session.getHandshakeInfo().getSubProtocol());
            return session.send(Mono.just(session.textMessage("hello")))
                    .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                    .doOnNext(echoed::set)
                    .then(session.close());
        };
        client.execute(echo(), handler).block(Duration.ofSeconds(10));
        assertThat(echoed.get()).isEqualTo("hello");
        assertThat(subprotocol.get()).isEqualTo("v1.chat");
        HandshakeResult result = HandshakeAttributes.result(attributes.get()).orElseThrow();
        assertThat(result.subprotocol()).contains("v1.chat");
        assertThat(attributes.get()).containsEntry(HandshakeAttributes.SUBPROTOCOL, "v1.chat")
                .containsKey(HandshakeAttributes.PER_MESSAGE_DEFLATE);
        assertThat(attributes.get().get(HandshakeAttributes.PER_MESSAGE_DEFLATE))
                .isInstanceOf(PerMessageDeflateParameters.class);
        // The session's end is told after the Mono completes (doFinally), so wait for it.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> recorder.events.size() == 3);
        assertThat(recorder.events).containsExactly("started", "opened v1.chat", "closed");
    }

    @Test
    void theCallersOwnSubprotocolHeaderReplacesTheConfiguredOffers() {
        ValidatingReactorNettyWebSocketClient client = new ValidatingReactorNettyWebSocketClientBuilder(
                HandshakeValidator.builder().subprotocols(List.of("v9.other")).build()).build();
        HttpHeaders headers = new HttpHeaders();
        headers.add("Sec-WebSocket-Protocol", "v1.chat");
        AtomicReference<Object> subprotocol = new AtomicReference<>();
        client.execute(echo(), headers, session -> {
            subprotocol.set(session.getAttributes().get(HandshakeAttributes.SUBPROTOCOL));
            return session.close();
        }).block(Duration.ofSeconds(10));
        assertThat(subprotocol.get()).isEqualTo("v1.chat");
    }

    /** Records the lifecycle as the listeners hear it. */
    static final class Recorder implements HandshakeLifecycleListener {

        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void attemptStarted(HandshakeAttemptContext attempt) {
            this.events.add("started");
        }

        @Override
        public void attemptOpened(HandshakeAttemptContext attempt, HandshakeResult result) {
            this.events.add("opened " + result.subprotocol().orElse("-"));
        }

        @Override
        public void attemptFailed(HandshakeAttemptContext attempt, Throwable failure) {
            this.events.add("failed " + failure.getClass().getSimpleName());
        }

        @Override
        public void sessionClosed(HandshakeAttemptContext attempt) {
            this.events.add("closed");
        }
    }
}
