package io.wshandshake.core;

import java.util.Set;

/**
 * Judges the parameters of one extension: whether an offer is well formed, and whether a server's answer to an
 * offer is acceptable. Register one with {@link HandshakeValidator.Builder#negotiator(ExtensionNegotiator)} (or, in a
 * Spring Boot application, declare it as a bean) to negotiate an extension of your own.
 * <p>
 * Implementations must be immutable and thread-safe: one negotiator serves every handshake of a validator.
 *
 * @since 0.1.0
 */
public interface ExtensionNegotiator {

    /** The extension token this negotiator handles, e.g. {@code permessage-deflate}. Case-sensitive. */
    String extensionName();

    /** The RSV bits the extension uses; two negotiated extensions may not share one (RFC 6455 section 9). */
    Set<RsvBit> rsvBits();

    /**
     * Checks an offer when a validator is built or a handshake begins.
     * @throws IllegalArgumentException naming the bad parameter, if the offer is not valid
     */
    void checkOffer(ExtensionElement offer);

    /**
     * Decides whether {@code answer} is an acceptable response to {@code offer}.
     * @return {@link Negotiation#accepted(Object)} with what was agreed, or {@link Negotiation#rejected(String)}
     * with a short reason (it is shown to users; quote any server value with {@link SafeText#quote(String)})
     */
    Negotiation negotiate(ExtensionElement offer, ExtensionElement answer);
}
