package io.wshandshake.client;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SecWebSocketAccept;
import io.wshandshake.observation.HandshakeObservationContext;
import io.wshandshake.observation.SessionCounter;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observation listener makes nothing for an attempt while its registry records nothing (no handler), and
 * observes every attempt that starts once a handler is there.
 */
class HandshakeListenersTests {

    private final HandshakeValidator validator = HandshakeValidator.builder().build();

    @Test
    void anAttemptIsObservedOnlyWhileTheRegistryHasAHandler() {
        ObservationRegistry registry = ObservationRegistry.create();
        List<HandshakeLifecycleListener> listeners = HandshakeListeners.assemble(registry, null, SessionCounter.NONE,
                List.of(), null);
        assertThat(listeners).hasSize(1);
        HandshakeLifecycleListener observation = listeners.get(0);

        HandshakeAttemptContext quiet = context();
        observation.attemptStarted(quiet);
        assertThat(quiet.get(observation)).isNull();
        assertThat(observation.connecting(quiet)).isSameAs(HandshakeLifecycleListener.Scope.NOOP);
        observation.attemptOpened(quiet, result());
        observation.attemptFailed(quiet, new IOException("refused"));

        List<String> seen = new ArrayList<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {

            @Override
            public void onStart(Observation.Context context) {
                seen.add("start " + context.getClass().getSimpleName());
            }

            @Override
            public void onStop(Observation.Context context) {
                seen.add("stop");
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        HandshakeAttemptContext observed = context();
        observation.attemptStarted(observed);
        HandshakeLifecycleListener.Scope scope = observation.connecting(observed);
        assertThat(scope).isNotSameAs(HandshakeLifecycleListener.Scope.NOOP);
        scope.close();
        observation.attemptOpened(observed, result());
        assertThat(seen).containsExactly("start " + HandshakeObservationContext.class.getSimpleName(), "stop");
    }

    private HandshakeAttemptContext context() {
        return new HandshakeAttemptContext(this, URI.create("ws://example.org/"), new HttpHeaders(), Set.of(),
                Set.of());
    }

    private HandshakeResult result() {
        ClientHandshake handshake = this.validator.beginClientHandshake();
        return this.validator.endClientHandshake(handshake, 101, Map.of("Upgrade", List.of("websocket"), "Connection",
                List.of("Upgrade"), "Sec-WebSocket-Accept", List.of(SecWebSocketAccept.forKey(handshake.key()))));
    }
}
