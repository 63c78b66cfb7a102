package io.wshandshake.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.ExtensionNegotiator;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import io.wshandshake.observation.DefaultHandshakeObservationConvention;
import io.wshandshake.observation.HandshakeObservationConvention;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;

/**
 * Checks the offers in {@link HandshakeProperties} one entry at a time, so a bad entry is reported with its property
 * name and index rather than as a failed bean.
 */
final class HandshakePropertiesChecker {

    private static final String TOKEN_FIX = "Use an RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~ only, "
            + "with no spaces, commas, quotes or line breaks, for example 'v12.stomp'.";

    private static final String EXTENSION_FIX = "Write one extension per entry, with its parameters after ';', for "
            + "example 'permessage-deflate; server_max_window_bits=12'. permessage-deflate takes "
            + "server_no_context_takeover, client_no_context_takeover, server_max_window_bits=8..15 and "
            + "client_max_window_bits (alone or =15), each at most once.";

    private HandshakePropertiesChecker() {
    }

    static void checkSubprotocols(List<String> subprotocols) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < subprotocols.size(); i++) {
            String subprotocol = subprotocols.get(i);
            String property = "handshake.subprotocols[" + i + "]";
            try {
                HandshakeValidator.builder().subprotocols(List.of(subprotocol)).build();
            }
            catch (IllegalArgumentException | NullPointerException ex) {
                throw new InvalidHandshakePropertyException(property, SafeText.quote(subprotocol),
                        "it is not a valid subprotocol" + (hasLineBreak(subprotocol)
                                ? " (it contains CR or LF, which would inject a header line)" : ""), TOKEN_FIX);
            }
            if (!seen.add(subprotocol)) {
                throw new InvalidHandshakePropertyException(property, SafeText.quote(subprotocol),
                        "it is offered twice", "Remove the duplicate entry from handshake.subprotocols.");
            }
        }
    }

    static void checkExtensions(List<String> extensions, Map<String, ExtensionNegotiator> negotiators) {
        checkExtensions("handshake.extensions", extensions, negotiators);
    }

    /** Checks the entries of the list property {@code property}, naming the first bad one. */
    static void checkExtensions(String property, List<String> extensions,
            Map<String, ExtensionNegotiator> negotiators) {
        for (int i = 0; i < extensions.size(); i++) {
            String extension = extensions.get(i);
            try {
                HandshakeValidator.builder().negotiators(negotiators.values()).extensions(List.of(extension)).build();
            }
            catch (IllegalArgumentException | NullPointerException ex) {
                throw new InvalidHandshakePropertyException(property + "[" + i + "]",
                        SafeText.quote(extension), String.valueOf(ex.getMessage()), EXTENSION_FIX);
            }
        }
    }

    /**
     * The property entry a reactive client's refused offer came from: {@code handshake.reactive.extensions[i]} when
     * that property is set, else {@code handshake.extensions[i]}.
     * @return that entry's name, or {@code null} when the validator's offers are not the properties' (the user's own
     * validator), so the offer's index names no entry
     */
    static @Nullable String reactiveOfferEntry(UnsupportedOfferException ex, HandshakeProperties properties,
            HandshakeValidator validator) {
        boolean ownOffers = properties.getReactive().getExtensions() != null;
        if (!ownOffers && !offersComeFrom(properties, validator)) {
            return null;
        }
        return (ownOffers ? "handshake.reactive.extensions" : "handshake.extensions") + "[" + ex.getOfferIndex() + "]";
    }

    /** The {@code SSLContext} of {@code handshake.ssl.bundle}, or {@code null} when it is not set. */
    static @Nullable SSLContext sslContext(HandshakeProperties properties, ObjectProvider<SslBundles> sslBundles) {
        String bundle = properties.getSsl().getBundle();
        return (bundle != null) ? sslBundles.getObject().getBundle(bundle).createSslContext() : null;
    }

    /** Whether the validator's extension offers are those of the properties, so indices name property entries. */
    static boolean offersComeFrom(HandshakeProperties properties, HandshakeValidator validator) {
        List<String> configured = properties.getExtensions();
        if (configured.size() != validator.extensions().size()) {
            return false;
        }
        for (int i = 0; i < configured.size(); i++) {
            if (!ExtensionElement.parse(configured.get(i)).equals(validator.extensions().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The default convention, named by {@code handshake.observation.name}, which must not be blank. */
    static HandshakeObservationConvention defaultConvention(HandshakeProperties properties) {
        String name = properties.getObservation().getName();
        if (name == null || name.isBlank()) {
            throw new InvalidHandshakePropertyException("handshake.observation.name", SafeText.quote(name),
                    "an observation needs a name", "Remove it for the default, websocket.client.handshake.");
        }
        return new DefaultHandshakeObservationConvention(name);
    }

    /** {@code handshake.connect.timeout}, which must be positive. */
    static Duration connectTimeout(HandshakeProperties properties) {
        Duration timeout = properties.getConnect().getTimeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidHandshakePropertyException("handshake.connect.timeout", String.valueOf(timeout),
                    "the deadline must be positive", "Set it to a positive duration, e.g. 10s.");
        }
        return timeout;
    }

    /**
     * The validator bean, or one with the reactive client's own extension offers when
     * {@code handshake.reactive.extensions} is set (checked entry by entry); shared by both reactive clients.
     */
    static HandshakeValidator reactiveValidator(HandshakeValidator validator, HandshakeProperties properties) {
        List<String> extensions = properties.getReactive().getExtensions();
        if (extensions == null) {
            return validator;
        }
        checkExtensions("handshake.reactive.extensions", extensions, validator.negotiators());
        return HandshakeValidator.builder()
                .maxHeaderSize(validator.maxHeaderSize())
                .subprotocols(validator.subprotocols())
                .subprotocolRequired(validator.subprotocolRequired())
                .negotiators(validator.negotiators().values())
                .extensions(extensions)
                .build();
    }

    private static boolean hasLineBreak(String value) {
        return value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0);
    }
}
