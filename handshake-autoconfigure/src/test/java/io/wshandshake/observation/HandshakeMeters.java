package io.wshandshake.observation;

import java.io.IOException;
import java.net.ServerSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.wshandshake.core.SecWebSocketAccept;

/** What the observation tests read off a registry, and the answers and ports they script, shared by every client. */
final class HandshakeMeters {

    private HandshakeMeters() {
    }

    /** Handshakes timed with this outcome, subprotocol and extensions, over all reasons and clients. */
    static long count(MeterRegistry registry, String outcome, String subprotocol, String extensions) {
        return registry.find(DefaultHandshakeObservationConvention.NAME).tag("outcome", outcome)
                .tag("subprotocol", subprotocol).tag("extensions", extensions).timers().stream()
                .mapToLong(timer -> timer.count()).sum();
    }

    /** Handshakes timed with this failure reason. */
    static long reasonCount(MeterRegistry registry, String reason) {
        return registry.find(DefaultHandshakeObservationConvention.NAME).tag("reason", reason).timers().stream()
                .mapToLong(timer -> timer.count()).sum();
    }

    /** Open sessions with this subprotocol. */
    static double gauge(MeterRegistry registry, String subprotocol) {
        return registry.get(ClientSessionGauges.NAME).tag("subprotocol", subprotocol).gauge().value();
    }

    /** A 101 that answers {@code key} correctly, with {@code headers} added. */
    static String answer(String key, String... headers) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key) + "\r\n" + String.join("\r\n", headers)
                + "\r\n\r\n";
    }

    /** A port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
