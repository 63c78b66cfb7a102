package io.wshandshake.observation;

import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.SafeText;

import io.wshandshake.observation.HandshakeObservationDocumentation.HighCardinalityKeyNames;
import io.wshandshake.observation.HandshakeObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default convention: name {@code websocket.client.handshake}, low-cardinality keys {@code outcome},
 * {@code subprotocol} and {@code extensions}, high-cardinality key {@code uri}. Tag values never carry text the
 * server or the caller chose: only configured offers and fixed words, {@code other} for anything else. Each key's
 * value comes from a protected method that a subclass may override.
 */
public class DefaultHandshakeObservationConvention implements HandshakeObservationConvention {

    /** The observation name, and so the name of the timer it yields. */
    public static final String NAME = "websocket.client.handshake";

    /** The tag value when nothing was negotiated. */
    public static final String NONE = "none";

    /** The tag value for a negotiated value that is not among the configured offers. */
    public static final String OTHER = "other";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(HandshakeObservationContext context) {
        return "websocket connect";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(HandshakeObservationContext context) {
        return KeyValues.of(outcome(context), subprotocol(context), extensions(context));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(HandshakeObservationContext context) {
        return KeyValues.of(uri(context));
    }

    protected KeyValue outcome(HandshakeObservationContext context) {
        HandshakeOutcome outcome = (context.getError() != null) ? HandshakeOutcome.ofFailure(context.getError())
                : (context.getResponse() != null) ? HandshakeOutcome.SUCCESS : HandshakeOutcome.TRANSPORT_ERROR;
        return KeyValue.of(LowCardinalityKeyNames.OUTCOME, outcome.name());
    }

    protected KeyValue subprotocol(HandshakeObservationContext context) {
        HandshakeResult result = successfulResult(context);
        String subprotocol = (result != null) ? result.subprotocol().orElse(null) : null;
        return KeyValue.of(LowCardinalityKeyNames.SUBPROTOCOL,
                subprotocolTag(subprotocol, context.getConfiguredSubprotocols()));
    }

    protected KeyValue extensions(HandshakeObservationContext context) {
        HandshakeResult result = successfulResult(context);
        List<NegotiatedExtension> extensions = (result != null) ? result.extensions() : List.of();
        if (extensions.isEmpty()) {
            return KeyValue.of(LowCardinalityKeyNames.EXTENSIONS, NONE);
        }
        StringBuilder names = new StringBuilder();
        for (NegotiatedExtension extension : extensions) {
            if (names.length() > 0) {
                names.append(',');
            }
            String name = extension.name();
            boolean known = context.getConfiguredExtensionNames().contains(name)
                    || PerMessageDeflateNegotiator.NAME.equals(name);
            names.append(known ? name : OTHER);
        }
        return KeyValue.of(LowCardinalityKeyNames.EXTENSIONS, names.toString());
    }

    protected KeyValue uri(HandshakeObservationContext context) {
        return KeyValue.of(HighCardinalityKeyNames.URI, SafeText.uri(context.getUri()));
    }

    /** The subprotocol tag value: a configured subprotocol, {@code none}, or {@code other}. */
    public static String subprotocolTag(String subprotocol, java.util.Set<String> configured) {
        if (subprotocol == null) {
            return NONE;
        }
        return configured.contains(subprotocol) ? subprotocol : OTHER;
    }

    private static HandshakeResult successfulResult(HandshakeObservationContext context) {
        return (context.getError() == null) ? context.getResponse() : null;
    }
}
