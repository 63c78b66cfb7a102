package io.wshandshake.client;

import java.util.List;

import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.ExtensionNegotiator;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import jakarta.websocket.WebSocketContainer;

/**
 * What a WebSocket container can honour, so that the validator never accepts an answer the transport will then
 * reject or mishandle. Tomcat's client sends only {@code permessage-deflate} offers (it drops the others) and
 * compresses with the JDK's {@code Deflater}, whose window is always 15 bits.
 */
public final class TransportLimits {

    /** The client window, in bits, the JDK's {@code Deflater} compresses with. */
    public static final int JDK_DEFLATER_WINDOW_BITS = 15;

    private static final TransportLimits TOMCAT = new TransportLimits(true);

    private static final TransportLimits UNKNOWN = new TransportLimits(false);

    private final boolean tomcat;

    private TransportLimits(boolean tomcat) {
        this.tomcat = tomcat;
    }

    /** The limits of that container. */
    public static TransportLimits forContainer(WebSocketContainer container) {
        return container.getClass().getName().startsWith("org.apache.tomcat.websocket.") ? TOMCAT : UNKNOWN;
    }

    /** The permessage-deflate negotiator a validator for Tomcat's client must use. */
    public static PerMessageDeflateNegotiator jdkDeflaterNegotiator() {
        return PerMessageDeflateNegotiator.withMinimumClientWindowBits(JDK_DEFLATER_WINDOW_BITS);
    }

    /**
     * Why the container cannot offer this extension, or {@code null} if it can.
     */
    public String whyNotOffered(ExtensionElement offer) {
        if (this.tomcat && !PerMessageDeflateNegotiator.NAME.equals(offer.name())) {
            return "Tomcat's WebSocket client offers only permessage-deflate: it drops other extension offers and "
                    + "fails on answers that name them";
        }
        return null;
    }

    /**
     * Checks that {@code validator}'s offers fit the container, and, when it offers permessage-deflate, its
     * negotiation of it (see {@link #checkPerMessageDeflate}). A validator that offers no permessage-deflate needs no
     * particular negotiator.
     * @throws UnsupportedOfferException naming the first offer the container cannot send or honour
     * @throws IllegalArgumentException if the permessage-deflate negotiator does not fit, saying what to do
     */
    public void check(HandshakeValidator validator) {
        List<ExtensionElement> offers = validator.extensions();
        for (int i = 0; i < offers.size(); i++) {
            String why = whyNotOffered(offers.get(i));
            if (why != null) {
                throw new UnsupportedOfferException(i, offers.get(i).toString(), why);
            }
        }
        if (offers.stream().anyMatch(offer -> PerMessageDeflateNegotiator.NAME.equals(offer.name()))) {
            checkPerMessageDeflate(validator);
        }
    }

    /**
     * Checks that {@code validator} never accepts a permessage-deflate answer the container cannot honour: on
     * Tomcat, one that asks the client for a window below 15 bits. Needed whenever permessage-deflate is offered, by
     * the validator's defaults or by a caller on one connection.
     * @throws IllegalArgumentException if the permessage-deflate negotiator does not fit, saying what to do
     */
    public void checkPerMessageDeflate(HandshakeValidator validator) {
        if (this.tomcat) {
            ExtensionNegotiator deflate = validator.negotiators().get(PerMessageDeflateNegotiator.NAME);
            if (!(deflate instanceof PerMessageDeflateNegotiator negotiator)
                    || negotiator.minClientWindowBits() < JDK_DEFLATER_WINDOW_BITS) {
                throw new IllegalArgumentException("Tomcat's client compresses with a 15-bit window only, so a "
                        + "validator that offers permessage-deflate must negotiate it with "
                        + "TransportLimits.jdkDeflaterNegotiator() (add it with HandshakeValidator.Builder#negotiator)");
            }
        }
    }
}
