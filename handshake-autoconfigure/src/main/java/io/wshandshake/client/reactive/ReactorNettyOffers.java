package io.wshandshake.client.reactive;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaders;
import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.ExtensionParameter;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * What Reactor Netty's client can offer, and how a validator's offers map onto it. Its only extension is
 * {@code WebsocketClientSpec.compress(true)}, which offers {@code permessage-deflate} (with
 * {@code client_no_context_takeover} and {@code server_no_context_takeover} when asked, and
 * {@code client_max_window_bits} only when jzlib is on the class path) followed by the legacy {@code deflate-frame}
 * and {@code x-webkit-deflate-frame}, in one header: {@code permessage-deflate,deflate-frame,x-webkit-deflate-frame}.
 * The legacy offers are taken off the request before it is written (see {@link #narrow(HttpHeaders)}), so what goes
 * on the wire is the configured permessage-deflate alone.
 * <p>
 * Netty also refuses any answer that names no subprotocol when some were offered, whatever the validator says: with
 * a validator that does not require one, such answers still fail (as {@code SUBPROTOCOL_MISSING}, see
 * {@link ReactorNettyRefusals}), which is stricter, never laxer; a warning says so once per client built.
 */
final class ReactorNettyOffers {

    private static final Log logger = LogFactory.getLog(ReactorNettyOffers.class);

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

    private static final Set<String> HONOURED_PARAMETERS = Set.of(CLIENT_NO_CONTEXT_TAKEOVER,
            SERVER_NO_CONTEXT_TAKEOVER);

    private final boolean compress;

    private final boolean clientNoContextTakeover;

    private final boolean serverNoContextTakeover;

    private ReactorNettyOffers(boolean compress, boolean clientNoContextTakeover, boolean serverNoContextTakeover) {
        this.compress = compress;
        this.clientNoContextTakeover = clientNoContextTakeover;
        this.serverNoContextTakeover = serverNoContextTakeover;
    }

    /**
     * The offers of {@code validator} as Reactor Netty makes them.
     * @throws UnsupportedOfferException naming the first offer Reactor Netty cannot send or honour
     */
    static ReactorNettyOffers of(HandshakeValidator validator) {
        if (!validator.subprotocols().isEmpty() && !validator.subprotocolRequired()) {
            logger.warn("Reactor Netty's WebSocket client refuses every answer that names no subprotocol when it "
                    + "offered some: handshake.subprotocol-required=false does not apply to it, and such answers fail "
                    + "with SUBPROTOCOL_MISSING");
        }
        List<ExtensionElement> offers = validator.extensions();
        boolean compress = false;
        boolean clientNoContext = false;
        boolean serverNoContext = false;
        for (int i = 0; i < offers.size(); i++) {
            ExtensionElement offer = offers.get(i);
            String why = whyNotOffered(offer, compress);
            if (why != null) {
                throw new UnsupportedOfferException(i, offer.toString(), why);
            }
            compress = true;
            clientNoContext = offer.parameter(CLIENT_NO_CONTEXT_TAKEOVER).isPresent();
            serverNoContext = offer.parameter(SERVER_NO_CONTEXT_TAKEOVER).isPresent();
        }
        return new ReactorNettyOffers(compress, clientNoContext, serverNoContext);
    }

    private static String whyNotOffered(ExtensionElement offer, boolean deflateOffered) {
        if (!PerMessageDeflateNegotiator.NAME.equals(offer.name())) {
            return "Reactor Netty's WebSocket client runs only permessage-deflate (and the legacy deflate-frame, "
                    + "which this client never offers)";
        }
        if (deflateOffered) {
            return "Reactor Netty's WebSocket client offers permessage-deflate once: offer it once";
        }
        for (ExtensionParameter parameter : offer.parameters()) {
            String name = parameter.name().toLowerCase(Locale.ROOT);
            if (!HONOURED_PARAMETERS.contains(name) || parameter.value() != null) {
                return "Reactor Netty's WebSocket client offers permessage-deflate with at most "
                        + "client_no_context_takeover and server_no_context_takeover, without values, not "
                        + parameter.name();
            }
        }
        return null;
    }

    /** Whether permessage-deflate is offered. */
    boolean compress() {
        return this.compress;
    }

    /** Sets the offers on Reactor Netty's spec. */
    WebsocketClientSpec.Builder apply(WebsocketClientSpec.Builder spec) {
        return spec.compress(this.compress)
                .compressionAllowClientNoContext(this.clientNoContextTakeover)
                .compressionRequestedServerNoContext(this.serverNoContextTakeover);
    }

    /**
     * Takes the legacy {@code deflate-frame} offers Netty adds next to permessage-deflate off the outgoing request,
     * so the server can choose only what the validator negotiates. Netty writes them as plain tokens with no
     * quoted strings, so a split at commas is exact.
     * @return the one {@code Sec-WebSocket-Extensions} line left on the request, or {@code null} when none is
     */
    static @Nullable String narrow(HttpHeaders headers) {
        List<String> values = headers.getAll(SEC_WEBSOCKET_EXTENSIONS);
        if (values.isEmpty()) {
            return null;
        }
        String kept = narrowed(values);
        headers.remove(SEC_WEBSOCKET_EXTENSIONS);
        if (kept != null) {
            headers.set(SEC_WEBSOCKET_EXTENSIONS, kept);
        }
        return kept;
    }

    /**
     * The permessage-deflate elements of the {@code Sec-WebSocket-Extensions} lines Netty wrote, over HTTP/1.1 or in
     * an HTTP/2 HEADERS frame, as one value; {@code null} when none is left.
     */
    static @Nullable String narrowed(Iterable<? extends CharSequence> values) {
        StringBuilder kept = new StringBuilder();
        for (CharSequence value : values) {
            for (String element : value.toString().split(",")) {
                int end = element.indexOf(';');
                String name = ((end < 0) ? element : element.substring(0, end)).trim();
                if (PerMessageDeflateNegotiator.NAME.equalsIgnoreCase(name)) {
                    kept.append((kept.length() > 0) ? ", " : "").append(element.trim());
                }
            }
        }
        return (kept.length() > 0) ? kept.toString() : null;
    }
}
