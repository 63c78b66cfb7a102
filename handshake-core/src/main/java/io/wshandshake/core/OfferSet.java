package io.wshandshake.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The subprotocols and extensions one handshake offers, checked: subprotocols are distinct tokens, each extension
 * offer is one well-formed element that its negotiator accepts, and nothing holds CR or LF.
 */
record OfferSet(List<String> subprotocols, List<ExtensionElement> extensions, List<String> compactExtensions) {

    static final OfferSet NONE = new OfferSet(List.of(), List.of());

    /**
     * @param compactExtensions each extension offer written as JSR-356 containers write it, Tomcat's and Jetty's:
     *        {@code name;param;param=value}, without whitespace; a request that carries exactly these lines is
     *        known to carry the offers without reading it a token at a time
     */
    OfferSet {
        subprotocols = List.copyOf(subprotocols);
        extensions = List.copyOf(extensions);
        compactExtensions = List.copyOf(compactExtensions);
    }

    OfferSet(List<String> subprotocols, List<ExtensionElement> extensions) {
        this(subprotocols, extensions, compact(extensions));
    }

    private static List<String> compact(List<ExtensionElement> extensions) {
        List<String> lines = new ArrayList<>(extensions.size());
        for (ExtensionElement extension : extensions) {
            StringBuilder line = new StringBuilder(extension.name());
            for (ExtensionParameter parameter : extension.parameters()) {
                line.append(';').append(parameter.name());
                if (parameter.hasValue()) {
                    line.append('=').append(parameter.value());
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * Checks offers given as strings.
     * @throws IllegalArgumentException naming the first bad entry
     */
    static OfferSet of(List<String> subprotocols, List<String> extensionOffers,
            Map<String, ExtensionNegotiator> negotiators) {
        if (extensionOffers == null) {
            throw new IllegalArgumentException("Extension offers must not be null");
        }
        List<ExtensionElement> extensions = new ArrayList<>(extensionOffers.size());
        for (int i = 0; i < extensionOffers.size(); i++) {
            String offer = extensionOffers.get(i);
            if (offer != null && (offer.indexOf('\r') >= 0 || offer.indexOf('\n') >= 0)) {
                throw new IllegalArgumentException("Extension offer [" + i + "] " + SafeText.quote(offer)
                        + " contains CR or LF, which would inject a header line");
            }
            extensions.add(ExtensionElement.parse(offer));
        }
        return ofElements(subprotocols, extensions, negotiators);
    }

    /**
     * Checks offers whose extensions are already parsed.
     * @throws IllegalArgumentException naming the first bad entry
     */
    static OfferSet ofElements(List<String> subprotocols, List<ExtensionElement> extensions,
            Map<String, ExtensionNegotiator> negotiators) {
        if (subprotocols == null) {
            throw new IllegalArgumentException("Subprotocol offers must not be null");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < subprotocols.size(); i++) {
            String subprotocol = subprotocols.get(i);
            if (!HttpTokens.isToken(subprotocol)) {
                throw new IllegalArgumentException("Subprotocol offer [" + i + "] " + SafeText.quote(subprotocol)
                        + " is not an RFC 7230 token (letters, digits and !#$%&'*+-.^_`|~ only)");
            }
            if (!seen.add(subprotocol)) {
                throw new IllegalArgumentException("Subprotocol offer [" + i + "] " + SafeText.quote(subprotocol)
                        + " is offered twice");
            }
        }
        for (ExtensionElement extension : extensions) {
            ExtensionNegotiator negotiator = negotiators.get(extension.name());
            if (negotiator != null) {
                negotiator.checkOffer(extension);
            }
        }
        return new OfferSet(subprotocols, extensions);
    }

    /** The {@code Sec-WebSocket-Protocol} request value, or {@code null} when nothing is offered. */
    @Nullable String protocolHeader() {
        return this.subprotocols.isEmpty() ? null : String.join(", ", this.subprotocols);
    }

    /** The {@code Sec-WebSocket-Extensions} request value, or {@code null} when nothing is offered. */
    @Nullable String extensionsHeader() {
        if (this.extensions.isEmpty()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        for (ExtensionElement extension : this.extensions) {
            if (header.length() > 0) {
                header.append(", ");
            }
            header.append(extension);
        }
        return header.toString();
    }
}
