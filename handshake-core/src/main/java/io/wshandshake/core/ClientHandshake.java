package io.wshandshake.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One opening handshake in progress, as Windows' {@code WebSocketBeginClientHandshake} returns it: its
 * {@link HandshakeMode}, the key and the offers that were (or will be) sent, and the request headers that carry them.
 * A handshake over HTTP/2 (RFC 8441) has no key. Immutable.
 *
 * @since 0.1.0
 */
public final class ClientHandshake {

    private final HandshakeMode mode;

    private final @Nullable String key;

    private final OfferSet offers;

    ClientHandshake(String key, OfferSet offers) {
        this(HandshakeMode.HTTP_1_1, key, offers);
    }

    private ClientHandshake(HandshakeMode mode, @Nullable String key, OfferSet offers) {
        this.mode = mode;
        this.key = key;
        this.offers = offers;
    }

    /** A handshake over HTTP/2 (RFC 8441): the offers alone, no key. */
    static ClientHandshake overHttp2(OfferSet offers) {
        return new ClientHandshake(HandshakeMode.HTTP_2, null, offers);
    }

    /**
     * Which handshake this is, and so the rules its answer is judged by.
     * @since 0.3.0
     */
    public HandshakeMode mode() {
        return this.mode;
    }

    /**
     * The {@code Sec-WebSocket-Key} value.
     * @throws IllegalStateException for a handshake over HTTP/2, which sends no key (RFC 8441 section 5)
     */
    public String key() {
        if (this.key == null) {
            throw new IllegalStateException("A WebSocket handshake over HTTP/2 sends no Sec-WebSocket-Key "
                    + "(RFC 8441 section 5)");
        }
        return this.key;
    }

    /** The key, or {@code null} over HTTP/2. */
    @Nullable String keyOrNull() {
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
     * <p>
     * Over HTTP/2 only {@code Sec-WebSocket-Version} and the offers: HTTP/2 forbids {@code Upgrade} and
     * {@code Connection} (RFC 9113 section 8.2.2) and RFC 8441 uses no key. The caller sends them on a stream with the
     * pseudo-header fields of the extended CONNECT, {@code :method CONNECT} and {@code :protocol websocket} (RFC 8441
     * section 4), once the server has sent {@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1} (section 3).
     */
    public Map<String, List<String>> requestHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (this.key != null) {
            headers.put(ResponseHeaders.UPGRADE, List.of("websocket"));
            headers.put(ResponseHeaders.CONNECTION, List.of("Upgrade"));
            headers.put(HandshakeValidator.SEC_WEBSOCKET_KEY, List.of(this.key));
        }
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
        return "ClientHandshake[" + ((this.key != null) ? "key=" + this.key : "HTTP/2") + ", subprotocols="
                + subprotocols() + ", extensions=" + extensions() + "]";
    }
}
