package io.wshandshake.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One opening handshake in progress, as Windows' {@code WebSocketBeginClientHandshake} returns it: the key and the
 * offers that were (or will be) sent, and the request headers that carry them. Immutable.
 *
 * @since 0.1.0
 */
public final class ClientHandshake {

    private final String key;

    private final OfferSet offers;

    ClientHandshake(String key, OfferSet offers) {
        this.key = key;
        this.offers = offers;
    }

    /** The {@code Sec-WebSocket-Key} value. */
    public String key() {
        return this.key;
    }

    /** The offered subprotocols, in preference order; result indices point into this list. */
    public List<String> subprotocols() {
        return this.offers.subprotocols();
    }

    /** The offered extensions, in preference order; result indices point into this list. */
    public List<ExtensionElement> extensions() {
        return this.offers.extensions();
    }

    OfferSet offers() {
        return this.offers;
    }

    /**
     * The WebSocket request headers to send, in this order: {@code Upgrade}, {@code Connection},
     * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}, and {@code Sec-WebSocket-Protocol} and
     * {@code Sec-WebSocket-Extensions} when something is offered. {@code Host} and the rest are the caller's.
     */
    public Map<String, List<String>> requestHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put(ResponseHeaders.UPGRADE, List.of("websocket"));
        headers.put(ResponseHeaders.CONNECTION, List.of("Upgrade"));
        headers.put(HandshakeValidator.SEC_WEBSOCKET_KEY, List.of(this.key));
        headers.put(HandshakeValidator.SEC_WEBSOCKET_VERSION, List.of("13"));
        String protocol = this.offers.protocolHeader();
        if (protocol != null) {
            headers.put(ResponseHeaders.SEC_WEBSOCKET_PROTOCOL, List.of(protocol));
        }
        String extensions = this.offers.extensionsHeader();
        if (extensions != null) {
            headers.put(ResponseHeaders.SEC_WEBSOCKET_EXTENSIONS, List.of(extensions));
        }
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public String toString() {
        return "ClientHandshake[key=" + this.key + ", subprotocols=" + subprotocols() + ", extensions="
                + extensions() + "]";
    }
}
