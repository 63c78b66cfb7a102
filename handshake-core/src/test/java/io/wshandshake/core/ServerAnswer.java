package io.wshandshake.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a server's answer header map for tests: a valid 101 answer for a key, changed one header at a time.
 */
final class ServerAnswer {

    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private ServerAnswer() {
    }

    /** A valid answer for the key, choosing nothing. */
    static ServerAnswer validFor(String key) {
        return new ServerAnswer().set("Upgrade", "websocket").set("Connection", "Upgrade")
                .set("Sec-WebSocket-Accept", SecWebSocketAccept.forKey(key));
    }

    static ServerAnswer empty() {
        return new ServerAnswer();
    }

    /** Replaces every line of the header (matched exactly by name) with the given lines. */
    ServerAnswer set(String name, String... lines) {
        this.headers.put(name, new ArrayList<>(List.of(lines)));
        return this;
    }

    ServerAnswer remove(String name) {
        this.headers.remove(name);
        return this;
    }

    ServerAnswer protocol(String value) {
        return set("Sec-WebSocket-Protocol", value);
    }

    ServerAnswer extensions(String... lines) {
        return set("Sec-WebSocket-Extensions", lines);
    }

    Map<String, List<String>> headers() {
        return this.headers;
    }
}
