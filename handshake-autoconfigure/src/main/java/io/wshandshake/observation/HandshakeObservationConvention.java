package io.wshandshake.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * A convention for client handshake observations. Declare a bean of this type to replace
 * {@link DefaultHandshakeObservationConvention}.
 *
 * @since 0.1.0
 */
public interface HandshakeObservationConvention extends ObservationConvention<HandshakeObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof HandshakeObservationContext;
    }
}
