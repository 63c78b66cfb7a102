package io.wshandshake.client.reactive;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.WebSocketHandler;

/**
 * The subprotocols a caller asks a reactive client for, which replace the configured ones: those of its
 * {@code Sec-WebSocket-Protocol} request header, else its handler's {@link WebSocketHandler#getSubProtocols()}.
 */
final class CallerSubprotocols {

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private CallerSubprotocols() {
    }

    /**
     * The caller's subprotocols, in order, or an empty list; takes the header out of {@code headers}, as the client
     * writes it itself from what it offers.
     */
    static List<String> take(HttpHeaders headers, WebSocketHandler handler) {
        List<String> fromHeader = new ArrayList<>();
        List<String> values = headers.get(SEC_WEBSOCKET_PROTOCOL);
        if (values != null) {
            for (String value : values) {
                for (String token : StringUtils.tokenizeToStringArray(value, ",")) {
                    fromHeader.add(token);
                }
            }
            headers.remove(SEC_WEBSOCKET_PROTOCOL);
        }
        return fromHeader.isEmpty() ? handler.getSubProtocols() : fromHeader;
    }
}
