package io.wshandshake.client;

import java.util.List;

import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.ExtensionNegotiator;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;

/**
 * What a WebSocket container can honour, so that the validator never accepts an answer the transport will then
 * reject or mishandle. Tomcat's client sends only {@code permessage-deflate} offers (it drops the others) and
 * compresses with the JDK's {@code Deflater}, whose window is always 15 bits.
 * <p>
 * Jetty 12.1's client compresses with the same {@code Deflater} and ignores window sizes; it builds its
 * permessage-deflate from the last offer of that name rather than from the server's answer, and applies the
 * offer's {@code client_no_context_takeover} to its inflater (so an offer with it garbles what the server sends).
 * It can therefore offer permessage-deflate once, without {@code client_no_context_takeover}; the answers it cannot
 * honour on top of that are refused at handshake time (see {@code JettySupport}).
 *
 * @since 0.1.0
 */
public final class TransportLimits {

    /** The client window, in bits, the JDK's {@code Deflater} compresses with. */
    public static final int JDK_DEFLATER_WINDOW_BITS = 15;

    private static final String JETTY_MISAPPLIED_PARAMETER = "client_no_context_takeover";

    private static final TransportLimits TOMCAT = new TransportLimits(ClientContainer.TOMCAT);

    private static final TransportLimits JETTY = new TransportLimits(ClientContainer.JETTY);

    private static final TransportLimits UNKNOWN = new TransportLimits(null);

    private final @Nullable ClientContainer container;

    private TransportLimits(@Nullable ClientContainer container) {
        this.container = container;
    }

    /** The limits of that container. */
    public static TransportLimits forContainer(WebSocketContainer container) {
        return forContainer(ClientContainer.of(container));
    }

    /**
     * The limits of that kind of container; no limits for {@code null} (a container this class does not know).
     * @since 0.1.0
     */
    public static TransportLimits forContainer(@Nullable ClientContainer container) {
        if (container == null) {
            return UNKNOWN;
        }
        return (container == ClientContainer.TOMCAT) ? TOMCAT : JETTY;
    }

    /**
     * Why this container cannot bound what a hostile server sends after its status line, or {@code null} when it
     * can: Tomcat before 11.0.23 keeps a 101 followed by header lines without end line by line until the JVM runs
     * out of memory; the handshake deadline does not stop it. Said once at start-up by the auto-configuration.
     * @since 0.2.0
     */
    public String whyResponseHeadUnbounded() {
        if (this.container != ClientContainer.TOMCAT) {
            return null;
        }
        String version = TomcatSupport.version();
        if (!TomcatSupport.isBeforeCappedHead(version)) {
            return null;
        }
        return "Tomcat " + version + "'s WebSocket client keeps every header line of a 101 answer until the "
                + "blank line, so a server that sends header lines without end makes it run out of memory; Tomcat "
                + TomcatSupport.FIRST_CAPPED_VERSION + " and later cap the response head (set tomcat.version to "
                + TomcatSupport.FIRST_CAPPED_VERSION + " or later, or use Spring Boot 4.0.9 or later)";
    }

    /** The permessage-deflate negotiator a validator for Tomcat's client must use. */
    public static PerMessageDeflateNegotiator jdkDeflaterNegotiator() {
        return PerMessageDeflateNegotiator.withMinimumClientWindowBits(JDK_DEFLATER_WINDOW_BITS);
    }

    /**
     * Why the container cannot offer this extension, or {@code null} if it can.
     */
    public @Nullable String whyNotOffered(ExtensionElement offer) {
        if (this.container == ClientContainer.TOMCAT && !PerMessageDeflateNegotiator.NAME.equals(offer.name())) {
            return "Tomcat's WebSocket client offers only permessage-deflate: it drops other extension offers and "
                    + "fails on answers that name them";
        }
        if (this.container == ClientContainer.JETTY) {
            if (!PerMessageDeflateNegotiator.NAME.equals(offer.name())) {
                return "the validator negotiates only permessage-deflate on Jetty's WebSocket client: Jetty runs "
                        + "other extensions from its own registry with the offer's parameters, not the answer's";
            }
            if (offer.parameter(JETTY_MISAPPLIED_PARAMETER).isPresent()) {
                return "Jetty's WebSocket client applies " + JETTY_MISAPPLIED_PARAMETER + " to its inflater rather "
                        + "than its deflater, and would fail to decompress what the server sends: leave it out";
            }
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
        boolean deflateOffered = false;
        for (int i = 0; i < offers.size(); i++) {
            String why = whyNotOffered(offers.get(i));
            if (why == null && this.container == ClientContainer.JETTY && deflateOffered) {
                why = "Jetty's WebSocket client builds permessage-deflate from its last offer, whichever the server "
                        + "chose: offer it once";
            }
            if (why != null) {
                throw new UnsupportedOfferException(i, offers.get(i).toString(), why);
            }
            deflateOffered |= PerMessageDeflateNegotiator.NAME.equals(offers.get(i).name());
        }
        if (offers.stream().anyMatch(offer -> PerMessageDeflateNegotiator.NAME.equals(offer.name()))) {
            checkPerMessageDeflate(validator);
        }
    }

    /**
     * Checks that {@code validator} never accepts a permessage-deflate answer the container cannot honour: on
     * Tomcat and Jetty, one that asks the client for a window below 15 bits. Needed whenever permessage-deflate is offered, by
     * the validator's defaults or by a caller on one connection.
     * @throws IllegalArgumentException if the permessage-deflate negotiator does not fit, saying what to do
     */
    public void checkPerMessageDeflate(HandshakeValidator validator) {
        if (this.container != null) {
            ExtensionNegotiator deflate = validator.negotiators().get(PerMessageDeflateNegotiator.NAME);
            if (!(deflate instanceof PerMessageDeflateNegotiator negotiator)
                    || negotiator.minClientWindowBits() < JDK_DEFLATER_WINDOW_BITS) {
                throw new IllegalArgumentException(name() + "'s client compresses with a 15-bit window only, so a "
                        + "validator that offers permessage-deflate must negotiate it with "
                        + "TransportLimits.jdkDeflaterNegotiator() (add it with HandshakeValidator.Builder#negotiator)");
            }
        }
    }

    private String name() {
        return (this.container == ClientContainer.TOMCAT) ? "Tomcat" : "Jetty";
    }
}
