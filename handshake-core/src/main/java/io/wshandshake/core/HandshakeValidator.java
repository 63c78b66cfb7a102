package io.wshandshake.core;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Begins and completes the client side of the WebSocket opening handshake (RFC 6455 section 4.1), the way Windows'
 * {@code WebSocketBeginClientHandshake} and {@code WebSocketEndClientHandshake} do: begin makes a fresh key and the
 * request headers that offer the subprotocols and extensions; end checks the server's answer and says which offers
 * it chose, or throws a {@link HandshakeException}. A handshake over HTTP/2 (RFC 8441) is begun or described with
 * {@link HandshakeMode#HTTP_2} and judged by its rules; every other method is about HTTP/1.1.
 * <p>
 * Built once from the default offers, immutable and thread-safe. Every method may also be given the offers of one
 * connection; result indices always point into the offers that were sent.
 *
 * <pre>{@code
 * HandshakeValidator validator = HandshakeValidator.builder()
 *     .subprotocols(List.of("v2.chat", "v1.chat"))
 *     .extensions(List.of("permessage-deflate; client_max_window_bits"))
 *     .build();
 * ClientHandshake handshake = validator.beginClientHandshake();
 * // send handshake.requestHeaders(), read the answer, then:
 * HandshakeResult result = validator.endClientHandshake(handshake, status, responseHeaders);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HandshakeValidator {

    static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

    static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";

    private static final int KEY_BYTES = 16;

    private final OfferSet offers;

    private final boolean subprotocolRequired;

    private final Map<String, ExtensionNegotiator> negotiators;

    private final int maxHeaderSize;

    private final ResponseValidation responseValidation;

    private final SecureRandom random;

    private HandshakeValidator(Builder builder) {
        this.negotiators = Map.copyOf(builder.negotiators);
        this.subprotocolRequired = builder.subprotocolRequired;
        this.offers = OfferSet.of(builder.subprotocols, builder.extensions, this.negotiators);
        this.maxHeaderSize = builder.maxHeaderSize;
        this.responseValidation = new ResponseValidation(new ExtensionSelection(this.negotiators),
                this.subprotocolRequired, this.maxHeaderSize);
        this.random = (builder.random != null) ? builder.random : new SecureRandom();
    }

    /** A builder with no offers, {@code subprotocolRequired} true and the permessage-deflate negotiator. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default subprotocol offers, in preference order. */
    public List<String> subprotocols() {
        return this.offers.subprotocols();
    }

    /** The default extension offers, in preference order. */
    public List<ExtensionElement> extensions() {
        return this.offers.extensions();
    }

    /** Whether a server that chooses no subprotocol, when some were offered, fails the handshake. */
    public boolean subprotocolRequired() {
        return this.subprotocolRequired;
    }

    /** The most characters all response header lines may take together. */
    public int maxHeaderSize() {
        return this.maxHeaderSize;
    }

    /** The negotiators by extension name. */
    public Map<String, ExtensionNegotiator> negotiators() {
        return this.negotiators;
    }

    /** Begins a handshake that offers the default subprotocols and extensions, with a fresh random key. */
    public ClientHandshake beginClientHandshake() {
        return new ClientHandshake(newKey(), this.offers);
    }

    /**
     * Begins a handshake that offers the given subprotocols and extensions instead of the defaults.
     * @throws IllegalArgumentException if an offer is not valid
     */
    public ClientHandshake beginClientHandshake(List<String> subprotocols, List<String> extensions) {
        return new ClientHandshake(newKey(), OfferSet.of(subprotocols, extensions, this.negotiators));
    }

    /**
     * Begins a handshake on the request headers another client built (names in any ASCII case; several lines of one
     * header are one list), in one pass over them: a fresh random key replaces any {@code Sec-WebSocket-Key} they
     * hold, the lines of {@code Sec-WebSocket-Protocol} become one line (RFC 9110 section 5.3; some servers read
     * only the first), and the offers they carry are read, the default ones found again by their text without being
     * parsed. The key is remembered as written, not read back. This is what a client that builds its own request
     * (a JSR-356 container, say) calls on every connect.
     * @param requestHeaders the request headers, written in place: the map must be modifiable
     * @return the key and the offers as the request will carry them
     * @throws IllegalArgumentException if an offer in the request is not valid
     * @since 0.3.0
     */
    public ClientHandshake beginClientHandshake(Map<String, List<String>> requestHeaders) {
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        String key = newKey();
        SentRequest request = SentRequest.rewriting(requestHeaders, key);
        OfferSet sent = request.carries(this.offers) ? this.offers : request.offers(this.negotiators);
        return new ClientHandshake(key, sent);
    }

    /**
     * Describes a handshake another client began: the key and the offers it actually sent.
     * @throws IllegalArgumentException if the key is not the base64 of 16 bytes or an offer is not valid
     */
    public ClientHandshake clientHandshake(String key, List<String> subprotocols, List<String> extensions) {
        return new ClientHandshake(checkKey(key), OfferSet.of(subprotocols, extensions, this.negotiators));
    }

    /**
     * Describes a handshake another client began, from the request headers it sent (names in any ASCII case; several
     * lines of one header are one list).
     * @throws IllegalArgumentException if the key is missing or not valid, or an offer is not valid
     */
    public ClientHandshake clientHandshake(Map<String, List<String>> requestHeaders) {
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        SentRequest request = new SentRequest(requestHeaders);
        String key = request.key();
        // The default offers, checked when this validator was built, are found again by their text.
        OfferSet sent = request.carries(this.offers) ? this.offers : request.offers(this.negotiators);
        return new ClientHandshake(checkKey(key), sent);
    }

    /**
     * Begins a handshake in {@code mode} that offers the default subprotocols and extensions: over HTTP/1.1 with a
     * fresh random key, as {@link #beginClientHandshake()}; over HTTP/2 (RFC 8441) with none.
     * @since 0.3.0
     */
    public ClientHandshake beginClientHandshake(HandshakeMode mode) {
        return handshake(mode, this.offers);
    }

    /**
     * Begins a handshake in {@code mode} that offers the given subprotocols and extensions instead of the defaults.
     * @throws IllegalArgumentException if an offer is not valid
     * @since 0.3.0
     */
    public ClientHandshake beginClientHandshake(HandshakeMode mode, List<String> subprotocols,
            List<String> extensions) {
        return handshake(mode, OfferSet.of(subprotocols, extensions, this.negotiators));
    }

    /**
     * Describes a handshake another client began in {@code mode}, from the request headers it sent (names in any
     * ASCII case; several lines of one header are one list). Over HTTP/1.1 this is
     * {@link #clientHandshake(Map)}. Over HTTP/2 (RFC 8441) only the offers are read: pass the regular header fields
     * of the extended CONNECT's HEADERS frame; a {@code Sec-WebSocket-Key} among them is not read, as no answer
     * over HTTP/2 is judged by one (RFC 8441 section 5).
     * @throws IllegalArgumentException if an offer is not valid, or over HTTP/1.1 if the key is missing or not valid
     * @since 0.3.0
     */
    public ClientHandshake clientHandshake(HandshakeMode mode, Map<String, List<String>> requestHeaders) {
        Objects.requireNonNull(mode, "mode");
        if (mode == HandshakeMode.HTTP_1_1) {
            return clientHandshake(requestHeaders);
        }
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        SentRequest request = new SentRequest(requestHeaders);
        return ClientHandshake.overHttp2(request.carries(this.offers) ? this.offers
                : request.offers(this.negotiators));
    }

    /**
     * Completes a handshake: checks the server's answer against what {@code handshake} offered, by the rules of its
     * {@link ClientHandshake#mode() mode}. Over HTTP/1.1 (RFC 6455 section 4.1): status 101, {@code Upgrade},
     * {@code Connection}, {@code Sec-WebSocket-Accept}, then the subprotocol and extensions. Over HTTP/2 (RFC 8441
     * section 5): status 200, none of the connection-specific fields HTTP/2 forbids (RFC 9113 section 8.2.2:
     * {@code Connection}, {@code Upgrade}, {@code Keep-Alive}, {@code Proxy-Connection}, {@code Transfer-Encoding};
     * {@link FailureReason#RESPONSE_MALFORMED}), no {@code Sec-WebSocket-Accept} check (none is used; one the server
     * sends anyway answers no key and is ignored), then the subprotocol and extensions exactly as over HTTP/1.1.
     * @param status the HTTP status code of the answer ({@code :status} over HTTP/2)
     * @param responseHeaders the answer's headers, one list entry per header line, names in any ASCII
     *        case (RFC 9110 section 5.1); over HTTP/2 the regular fields only, without pseudo-header fields
     * @return what was negotiated
     * @throws HandshakeException if the answer is not acceptable
     */
    public HandshakeResult endClientHandshake(ClientHandshake handshake, int status,
            Map<String, List<String>> responseHeaders) {
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
        return this.responseValidation.validate(handshake.mode(), handshake.keyOrNull(), handshake.offers(), status,
                responseHeaders);
    }

    /**
     * Completes a handshake that another client began with {@code secWebSocketKey} and the default offers.
     * @throws HandshakeException if the answer is not acceptable
     */
    public HandshakeResult endClientHandshake(String secWebSocketKey, int status,
            Map<String, List<String>> responseHeaders) {
        Objects.requireNonNull(secWebSocketKey, "secWebSocketKey");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
        return this.responseValidation.validate(HandshakeMode.HTTP_1_1, secWebSocketKey, this.offers, status,
                responseHeaders);
    }

    private ClientHandshake handshake(HandshakeMode mode, OfferSet offers) {
        Objects.requireNonNull(mode, "mode");
        return (mode == HandshakeMode.HTTP_2) ? ClientHandshake.overHttp2(offers)
                : new ClientHandshake(newKey(), offers);
    }

    private String newKey() {
        byte[] nonce = new byte[KEY_BYTES];
        this.random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    private static String checkKey(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("Sec-WebSocket-Key " + SafeText.quote(key)
                    + " is not the base64 encoding of 16 bytes");
        }
        return key;
    }

    /**
     * Whether {@code key} is what the JDK's basic base64 decoder reads as 16 bytes: 22 characters of the base64
     * alphabet and {@code ==}. Checked in place, as on every connect.
     */
    private static boolean isKey(String key) {
        if (key == null || key.length() != 24 || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "HandshakeValidator[subprotocols=" + subprotocols() + ", extensions=" + extensions()
                + ", subprotocolRequired=" + this.subprotocolRequired + "]";
    }

    /** Collects the default offers and the negotiators; {@link #build()} checks them. */
    public static final class Builder {

        /** The default limit on the size of all response header lines together: 64 KiB. */
        public static final int DEFAULT_MAX_HEADER_SIZE = 64 * 1024;

        private List<String> subprotocols = List.of();

        private List<String> extensions = List.of();

        private boolean subprotocolRequired = true;

        private int maxHeaderSize = DEFAULT_MAX_HEADER_SIZE;

        private final Map<String, ExtensionNegotiator> negotiators = new LinkedHashMap<>();

        private @Nullable SecureRandom random;

        private Builder() {
            negotiator(new PerMessageDeflateNegotiator());
        }

        /** The subprotocols to offer, most preferred first. */
        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = new ArrayList<>(Objects.requireNonNull(subprotocols, "subprotocols"));
            return this;
        }

        /** The extension offers, most preferred first, each one element such as {@code permessage-deflate}. */
        public Builder extensions(List<String> extensions) {
            this.extensions = new ArrayList<>(Objects.requireNonNull(extensions, "extensions"));
            return this;
        }

        /**
         * Whether a server that chooses no subprotocol, when some were offered, fails the handshake with
         * {@link HandshakeError#UNSUPPORTED_SUBPROTOCOL}. True by default, as in Windows and browsers.
         */
        public Builder subprotocolRequired(boolean subprotocolRequired) {
            this.subprotocolRequired = subprotocolRequired;
            return this;
        }

        /**
         * The most characters all response header lines ({@code name: value\r\n}) may take together; a larger
         * answer fails with {@link FailureReason#HEADERS_TOO_LARGE}. 64 KiB by default.
         */
        public Builder maxHeaderSize(int maxHeaderSize) {
            if (maxHeaderSize < 1) {
                throw new IllegalArgumentException("maxHeaderSize must be positive, not " + maxHeaderSize);
            }
            this.maxHeaderSize = maxHeaderSize;
            return this;
        }

        /** Adds a negotiator; it replaces any earlier one for the same extension name, the built-in one included. */
        public Builder negotiator(ExtensionNegotiator negotiator) {
            Objects.requireNonNull(negotiator, "negotiator");
            String name = negotiator.extensionName();
            if (!HttpTokens.isToken(name)) {
                throw new IllegalArgumentException("Negotiator extension name " + SafeText.quote(name)
                        + " is not a token");
            }
            this.negotiators.put(name, negotiator);
            return this;
        }

        /** Adds each negotiator in turn, see {@link #negotiator(ExtensionNegotiator)}. */
        public Builder negotiators(Collection<? extends ExtensionNegotiator> negotiators) {
            negotiators.forEach(this::negotiator);
            return this;
        }

        /** The source of handshake keys; a new {@link SecureRandom} by default. */
        public Builder secureRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Builds the validator.
         * @throws IllegalArgumentException naming the first offer that is not valid
         */
        public HandshakeValidator build() {
            return new HandshakeValidator(this);
        }
    }
}
