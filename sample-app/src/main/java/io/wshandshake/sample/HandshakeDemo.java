package io.wshandshake.sample;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.NegotiatedExtension;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Once the server is up, connects to it with the auto-configured client (configured only by application.yml), and
 * says in plain words what was offered, what the server chose and how a message round trip went; then shows how a
 * refused handshake reads.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class HandshakeDemo {

    private static final Log logger = LogFactory.getLog(HandshakeDemo.class);

    private final WebSocketClient client;

    private final HandshakeValidator validator;

    private final RogueServer rogueServer;

    HandshakeDemo(WebSocketClient client, HandshakeValidator validator, RogueServer rogueServer) {
        this.client = client;
        this.validator = validator;
        this.rogueServer = rogueServer;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) throws Exception {
        Environment environment = event.getApplicationContext().getEnvironment();
        run(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    /** The demonstration against this application's server on {@code port}. */
    void run(int port) throws Exception {
        logOffers();
        negotiateAndRoundTrip("ws://localhost:" + port + "/chat");
        showRefusedHandshake(this.rogueServer.uri());
        logger.info("Handshake metrics: http://localhost:" + port + "/actuator/metrics/websocket.client.handshake"
                + " (sessions: http://localhost:" + port + "/actuator/metrics/websocket.client.sessions)."
                + " Press Ctrl+C to stop.");
    }

    private void logOffers() {
        logger.info("Offering subprotocols " + numbered(this.validator.subprotocols()));
        logger.info("Offering extensions " + numbered(this.validator.extensions().stream()
                .map(ExtensionElement::toString).toList()));
    }

    private void negotiateAndRoundTrip(String uri) throws Exception {
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        WebSocketSession session = this.client.execute(new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message) {
                replies.add(message.getPayload());
            }
        }, uri).get(10, TimeUnit.SECONDS);
        HandshakeResult result = HandshakeAttributes.result(session).orElseThrow();
        logValidated(logger, uri, result);
        session.sendMessage(new TextMessage("hello over a validated handshake"));
        String reply = replies.poll(10, TimeUnit.SECONDS);
        logger.info("Round trip: sent \"hello over a validated handshake\", received \"" + reply + "\"");
        session.close();
    }

    private void showRefusedHandshake(String uri) throws InterruptedException {
        logger.info("Now connecting to " + uri + ", a server that answers the un-offered subprotocol v9.chat...");
        try {
            this.client.execute(new TextWebSocketHandler(), uri).get(10, TimeUnit.SECONDS).close();
            logger.warn("The rogue server's handshake was accepted: validation is not working");
        }
        catch (ExecutionException ex) {
            HandshakeException.find(ex).ifPresentOrElse(
                    failure -> logger.info("Handshake refused as it should be: " + failure.error() + " ("
                            + failure.reason() + "): " + failure.getMessage()),
                    () -> logger.warn("The rogue server could not be reached: " + ex.getCause()));
        }
        catch (java.util.concurrent.TimeoutException | java.io.IOException ex) {
            logger.warn("The rogue server did not answer: " + ex);
        }
    }

    /** What the server chose, in plain words: the lines both demonstrations print after a validated handshake. */
    static void logValidated(Log logger, String uri, HandshakeResult result) {
        logger.info("Handshake with " + uri + " validated.");
        logger.info("Server chose subprotocol " + result.subprotocol().orElse("(none)") + " (offer #"
                + result.subprotocolIndex() + ")");
        if (result.extensions().isEmpty()) {
            logger.info("Server chose no extension");
        }
        for (NegotiatedExtension extension : result.extensions()) {
            logger.info("Server chose extension " + extension.name() + " (offer #" + extension.offerIndex()
                    + ") with parameters " + extension.parameters());
        }
        result.perMessageDeflate().ifPresent(deflate -> logger.info("Effective permessage-deflate: server window "
                + deflate.serverMaxWindowBits() + " bits, client window " + deflate.clientMaxWindowBits()
                + " bits, server context takeover " + !deflate.serverNoContextTakeover()
                + ", client context takeover " + !deflate.clientNoContextTakeover()));
    }

    static String numbered(List<String> offers) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < offers.size(); i++) {
            out.append(i == 0 ? "" : ", ").append('#').append(i).append(' ').append(offers.get(i));
        }
        return out.length() > 0 ? out.toString() : "(none)";
    }
}
