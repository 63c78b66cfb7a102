package io.wshandshake.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.observation.DefaultHandshakeObservationConvention;
import io.wshandshake.observation.HandshakeObservationContext;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.HandshakeObservationDocumentation;
import io.wshandshake.observation.SessionCounter;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The lifecycle listeners of a validating client, assembled in one place for every kind of client (the servlet
 * {@link ValidatingWebSocketClientBuilder} and the reactive builders): the {@code websocket.client.handshake}
 * observation first, then the session gauge, then the caller's own listeners, then the {@link HandshakeEvent}s.
 * The clients themselves know nothing of observation: it listens from outside.
 *
 * @since 0.3.0
 */
public final class HandshakeListeners {

    private HandshakeListeners() {
    }

    /**
     * The listeners, in the order they are notified.
     * @param registry where observations go ({@link ObservationRegistry#NOOP} for nowhere)
     * @param convention a convention that replaces the default one, or {@code null}
     * @param sessionCounter what counts open sessions ({@link SessionCounter#NONE} for nothing)
     * @param own the caller's own listeners, in order
     * @param events where events go, or {@code null} for nowhere
     * @return an unmodifiable list
     */
    public static List<HandshakeLifecycleListener> assemble(ObservationRegistry registry,
            HandshakeObservationConvention convention, SessionCounter sessionCounter,
            List<HandshakeLifecycleListener> own, ApplicationEventPublisher events) {
        List<HandshakeLifecycleListener> listeners = new ArrayList<>();
        listeners.add(new ObservationListener(Objects.requireNonNull(registry, "registry"), convention));
        if (Objects.requireNonNull(sessionCounter, "sessionCounter") != SessionCounter.NONE) {
            listeners.add(new SessionCounterListener(sessionCounter));
        }
        listeners.addAll(own);
        if (events != null) {
            listeners.add(new EventPublishingListener(events));
        }
        return List.copyOf(listeners);
    }

    /**
     * The {@code websocket.client.handshake} observation of each attempt: started before the request is built, so
     * its propagation fields travel on it; a scope open on the connecting thread; one stop at the attempt's end.
     */
    private static final class ObservationListener implements HandshakeLifecycleListener {

        private static final HandshakeObservationConvention DEFAULT_CONVENTION =
                new DefaultHandshakeObservationConvention();

        private final ObservationRegistry registry;

        private final HandshakeObservationConvention convention;

        ObservationListener(ObservationRegistry registry, HandshakeObservationConvention convention) {
            this.registry = registry;
            this.convention = convention;
        }

        @Override
        public void attemptStarted(HandshakeAttemptContext attempt) {
            if (this.registry.isNoop()) {
                // Nothing would be recorded: no context is made, and the attempt's other steps find none.
                return;
            }
            HandshakeObservationContext context = new HandshakeObservationContext(attempt.requestHeaders(),
                    attempt.clientKind(), attempt.uri(), attempt.configuredSubprotocols(),
                    attempt.configuredExtensionNames());
            Observation observation = HandshakeObservationDocumentation.CLIENT_HANDSHAKE
                    .observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry).start();
            // The context too: a no-op observation has a context of its own, not this one.
            attempt.put(this, new Observed(observation, context));
        }

        @Override
        public Scope connecting(HandshakeAttemptContext attempt) {
            Observed observed = observed(attempt);
            if (observed == null) {
                return Scope.NOOP;
            }
            Observation.Scope scope = observed.observation().openScope();
            return scope::close;
        }

        @Override
        public void attemptOpened(HandshakeAttemptContext attempt, HandshakeResult result) {
            Observed observed = observed(attempt);
            if (observed != null) {
                observed.context().setResponse(result);
                observed.observation().stop();
            }
        }

        @Override
        public void attemptFailed(HandshakeAttemptContext attempt, Throwable failure) {
            Observed observed = observed(attempt);
            if (observed != null) {
                observed.observation().error(failure);
                observed.observation().stop();
            }
        }

        /** The attempt's observation, or {@code null} when the registry was a no-op one as the attempt started. */
        private @Nullable Observed observed(HandshakeAttemptContext attempt) {
            return (Observed) attempt.get(this);
        }

        private record Observed(Observation observation, HandshakeObservationContext context) {
        }
    }

    /** Counts the sessions the attempts open until they close, for the {@code websocket.client.sessions} gauge. */
    private static final class SessionCounterListener implements HandshakeLifecycleListener {

        private final SessionCounter counter;

        SessionCounterListener(SessionCounter counter) {
            this.counter = counter;
        }

        @Override
        public void attemptOpened(HandshakeAttemptContext attempt, HandshakeResult result) {
            attempt.put(this, this.counter.opened(result.subprotocol().orElse(null)));
        }

        @Override
        public void sessionClosed(HandshakeAttemptContext attempt) {
            Object token = attempt.get(this);
            if (token != null) {
                this.counter.closed((String) token);
            }
        }
    }
}
