package io.wshandshake.sample;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClient;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * The WebFlux demonstration (profile {@code webflux}): once the reactive server is up, connects to its {@code /chat}
 * with the auto-configured reactive client, a {@link ValidatingReactorNettyWebSocketClient}, and says what was
 * offered, what the server chose (from the session's attributes, inside the handler) and how a message round trip
 * went; then shows that a rogue server's handshake fails the {@code Mono} before the handler runs.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveHandshakeDemo {

    private static final Log logger = LogFactory.getLog(ReactiveHandshakeDemo.class);

    private static final String HELLO = "hello over a validated handshake";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebSocketClient client;

    private final RogueServer rogueServer;

    ReactiveHandshakeDemo(WebSocketClient client, RogueServer rogueServer) {
        this.client = client;
        this.rogueServer = rogueServer;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        run(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    /** The demonstration against this application's server on {@code port}. */
    void run(int port) {
        logger.info("Reactive client: " + this.client.getClass().getSimpleName() + " (Reactor Netty)");
        if (this.client instanceof ValidatingReactorNettyWebSocketClient validating) {
            HandshakeValidator validator = validating.getValidator();
            logger.info("Offering subprotocols " + HandshakeDemo.numbered(validator.subprotocols()));
            logger.info("Offering extensions " + HandshakeDemo.numbered(validator.extensions().stream()
                    .map(ExtensionElement::toString).toList()));
        }
        negotiateAndRoundTrip("ws://localhost:" + port + "/chat");
        showRefusedHandshake(this.rogueServer.uri());
        logger.info("Handshake metrics: http://localhost:" + port + "/actuator/metrics/websocket.client.handshake"
                + " (tag client=reactor-netty). Press Ctrl+C to stop.");
    }

    private void negotiateAndRoundTrip(String uri) {
        this.client.execute(URI.create(uri), session -> {
            // The handler runs only after the validator accepted the answer: the result is already there.
            HandshakeResult result = HandshakeAttributes.result(session.getAttributes()).orElseThrow();
            HandshakeDemo.logValidated(logger, uri, result);
            return session.send(Mono.just(session.textMessage(HELLO)))
                    .then(session.receive().map(WebSocketMessage::getPayloadAsText).next())
                    .doOnNext(reply -> logger.info("Round trip: sent \"" + HELLO + "\", received \"" + reply + "\""))
                    .then(session.close());
        }).block(TIMEOUT);
    }

    private void showRefusedHandshake(String uri) {
        logger.info("Now connecting to " + uri + ", a server that answers the un-offered subprotocol v9.chat...");
        AtomicBoolean handled = new AtomicBoolean();
        try {
            this.client.execute(URI.create(uri), session -> {
                handled.set(true);
                return session.close();
            }).block(TIMEOUT);
            logger.warn("The rogue server's handshake was accepted: validation is not working");
        }
        catch (RuntimeException ex) {
            HandshakeException.find(ex).ifPresentOrElse(
                    failure -> logger.info("Handshake refused as it should be: " + failure.error() + " ("
                            + failure.reason() + "): " + failure.getMessage()),
                    () -> logger.warn("The rogue server could not be reached: " + ex));
        }
        logger.info(handled.get() ? "The handler ran: validation is not working"
                : "The Mono failed before the WebSocketHandler ran: it never saw the rogue session.");
    }
}
