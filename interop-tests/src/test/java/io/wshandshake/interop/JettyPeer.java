package io.wshandshake.interop;

import java.net.URI;
import java.util.List;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's own WebSocket server, in-process: it picks the first subprotocol the client offers that it supports,
 * and negotiates permessage-deflate unless told to decline every extension.
 */
final class JettyPeer implements Peer {

    private static final List<String> SUPPORTED = List.of("v2.chat", "v1.chat");

    private final Server server;

    private final boolean deflate;

    private JettyPeer(boolean deflate) {
        this.deflate = deflate;
        this.server = new Server();
        ServerConnector connector = new ServerConnector(this.server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        this.server.addConnector(connector);
        this.server.setHandler(WebSocketUpgradeHandler.from(this.server, container -> {
            container.setMaxTextMessageSize(8 * 1024 * 1024);
            container.addMapping("/echo", (request, response, callback) -> {
                request.getSubProtocols().stream().filter(SUPPORTED::contains).findFirst()
                        .ifPresent(response::setAcceptedSubProtocol);
                if (!deflate) {
                    response.setExtensions(List.of());
                }
                return new Echo();
            });
        }));
        try {
            this.server.start();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Jetty did not start", ex);
        }
    }

    static JettyPeer withDeflate() {
        return new JettyPeer(true);
    }

    static JettyPeer withoutExtensions() {
        return new JettyPeer(false);
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + ((ServerConnector) this.server.getConnectors()[0]).getLocalPort()
                + "/echo");
    }

    @Override
    public String description() {
        return "Jetty " + Jetty.VERSION + (this.deflate ? " (permessage-deflate on)" : " (extensions declined)");
    }

    @Override
    public void close() {
        try {
            this.server.stop();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @WebSocket
    public static class Echo {

        @OnWebSocketMessage
        public void onText(Session session, String message) {
            session.sendText(message, org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
    }
}
