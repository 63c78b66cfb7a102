package io.wshandshake.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wshandshake.core.SecWebSocketAccept;

/**
 * The three typical server answers every benchmark works on, for the key of RFC 6455 section 1.3, written the way
 * servers write them (Tomcat's server, in the header order it uses).
 */
final class Answers {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    static final List<String> FIVE_SUBPROTOCOLS = List.of("v10.stomp", "v11.stomp", "v12.stomp",
            "graphql-transport-ws", "mqtt");

    static final String DEFLATE_OFFER = "permessage-deflate; client_max_window_bits; server_max_window_bits=12; "
            + "server_no_context_takeover; client_no_context_takeover";

    /** permessage-deflate with four parameters. */
    static final String DEFLATE_ANSWER = "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
            + "server_max_window_bits=10; client_max_window_bits=15";

    private Answers() {
    }

    /** No subprotocol, no extension. */
    static Map<String, List<String>> minimal() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("upgrade"));
        headers.put("Sec-WebSocket-Accept", List.of(SecWebSocketAccept.forKey(KEY)));
        headers.put("Date", List.of("Thu, 26 Nov 2026 07:00:00 GMT"));
        return headers;
    }

    /** The fourth of five offered subprotocols. */
    static Map<String, List<String>> subprotocol() {
        Map<String, List<String>> headers = minimal();
        headers.put("Sec-WebSocket-Protocol", List.of("graphql-transport-ws"));
        return headers;
    }

    /** A subprotocol and permessage-deflate with four parameters. */
    static Map<String, List<String>> deflate() {
        Map<String, List<String>> headers = subprotocol();
        headers.put("Sec-WebSocket-Extensions", List.of(DEFLATE_ANSWER));
        return headers;
    }
}
