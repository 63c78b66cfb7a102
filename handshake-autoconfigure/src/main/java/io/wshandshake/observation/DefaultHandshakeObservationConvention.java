package io.wshandshake.observation;

import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import io.wshandshake.core.SafeText;

import io.wshandshake.observation.HandshakeObservationDocumentation.HighCardinalityKeyNames;
import io.wshandshake.observation.HandshakeObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default convention: name {@code websocket.client.handshake} (or another given to the constructor),
 * low-cardinality keys {@code outcome}, {@code reason}, {@code subprotocol}, {@code extensions} and {@code client},
 * high-cardinality key {@code uri}. Tag values never carry text the server or the caller chose: only configured offers
 * and fixed words, {@code other} for anything else. Each key's value comes from a protected method that a subclass may
 * override.
 *
 * @since 0.1.0
 */
public class DefaultHandshakeObservationConvention implements HandshakeObservationConvention {

    /** The observation name, and so the name of the timer it yields. */
    public static final String NAME = "websocket.client.handshake";

    /** The tag value when nothing was negotiated. */
    public static final String NONE = "none";

    /** The tag value for a negotiated value that is not among the configured offers. */
    public static final String OTHER = "other";

    private final String name;

    /** A convention with the default name, {@value #NAME}. */
    public DefaultHandshakeObservationConvention() {
        this(NAME);
    }

    /**
     * A convention with another name for the observation, and so for its timer and span, as
     * {@code handshake.observation.name} sets it.
     * @param name the observation name
     */
    public DefaultHandshakeObservationConvention(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The observation name must not be blank");
        }
        this.name = name;
    }

    @Override
    public String getName() {
        return this.name;
    }

    @Override
    public String getContextualName(HandshakeObservationContext context) {
        return "websocket connect";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(HandshakeObservationContext context) {
        return KeyValues.of(outcome(context), reason(context), subprotocol(context), extensions(context),
                client(context));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(HandshakeObservationContext context) {
        return KeyValues.of(uri(context));
    }

    protected KeyValue outcome(HandshakeObservationContext context) {
        // Neither error nor response yet: the handshake is in progress (the long task timer's view at the start).
        HandshakeOutcome outcome = (context.getError() != null) ? HandshakeOutcome.ofFailure(context.getError())
                : (context.getResponse() != null) ? HandshakeOutcome.SUCCESS : HandshakeOutcome.UNKNOWN;
        return KeyValue.of(LowCardinalityKeyNames.OUTCOME, outcome.name());
    }

    protected KeyValue reason(HandshakeObservationContext context) {
        HandshakeException failure = (context.getError() != null)
                ? HandshakeOutcome.findHandshakeException(context.getError()) : null;
        return KeyValue.of(LowCardinalityKeyNames.REASON, (failure != null) ? failure.reason().name() : NONE);
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

    /**
     * The {@code client} tag: the kind of client, a fixed word the client itself chose (never the server or the
     * caller).
     * @since 0.3.0
     */
    protected KeyValue client(HandshakeObservationContext context) {
        return KeyValue.of(LowCardinalityKeyNames.CLIENT, context.getClientKind());
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
