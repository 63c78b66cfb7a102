package io.wshandshake.client.reactive;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.ContainerAttempt;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.adapter.ContextWebSocketHandler;
import org.springframework.web.reactive.socket.adapter.StandardWebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.adapter.StandardWebSocketSession;
import org.springframework.web.reactive.socket.adapter.TomcatWebSocketSession;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;

/**
 * WebFlux's JSR-356 {@link StandardWebSocketClient} (and so its {@code TomcatWebSocketClient}) on Tomcat's or Jetty's
 * container, validating every opening handshake with a {@link HandshakeValidator} (RFC 6455 section 4.1, RFC 7692)
 * before the {@link WebSocketHandler} runs, with the result in the session's attributes (see
 * {@link HandshakeAttributes}), the lifecycle listeners (observation, session gauge, events) and the overall deadline
 * of the handshake, never of the session after it.
 * <p>
 * It connects through a {@link ValidatingWebSocketClient} (build one with
 * {@link io.wshandshake.client.ValidatingWebSocketClientBuilder}, or inject the auto-configured builder): its
 * container, validator, SSL context, deadline, redirect limit, container properties and listeners; refusals and
 * failures are the same exceptions as there. It offers the validator's subprotocols, unless the handler declares its
 * own ({@link WebSocketHandler#getSubProtocols()}) or the caller's headers carry a {@code Sec-WebSocket-Protocol}:
 * those replace them; and the validator's extensions (a caller's {@code Sec-WebSocket-Extensions} header is refused:
 * the container runs only the extensions it offers itself). On a refused answer the {@code Mono} fails with the
 * {@link io.wshandshake.core.HandshakeException} and the handler never runs; at the deadline it fails with a
 * {@link java.util.concurrent.TimeoutException}. The connect blocks a thread: the client's connect pool, or Reactor's
 * bounded-elastic scheduler as in Spring's client.
 * <p>
 * The response headers in the {@link HandshakeInfo} are empty: JSR-356 shows them only to the configurator, which
 * validates them; the negotiated subprotocol is there, and the whole result in the attributes. On Tomcat the session
 * is WebFlux's {@code TomcatWebSocketSession}, as with {@code TomcatWebSocketClient}: it reads only while
 * {@code receive()} is subscribed to. As with Spring's client, the session's {@code close()} closes when called,
 * not when subscribed to.
 *
 * @since 0.3.0
 */
public class ValidatingStandardWebSocketClient extends StandardWebSocketClient implements DisposableBean {

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private static final Executor BOUNDED_ELASTIC = task -> Schedulers.boundedElastic().schedule(task);

    private final ValidatingWebSocketClient client;

    private final boolean tomcat;

    /**
     * A reactive client that connects through {@code client}, and stops it (and the container it created) when
     * destroyed.
     */
    public ValidatingStandardWebSocketClient(ValidatingWebSocketClient client) {
        super(client.getWebSocketContainer());
        this.client = client;
        this.tomcat = (ClientContainer.of(client.getWebSocketContainer()) == ClientContainer.TOMCAT);
    }

    /** The validator this client checks every handshake with. */
    public HandshakeValidator getValidator() {
        return this.client.getValidator();
    }

    /** The servlet client this one connects through. */
    public ValidatingWebSocketClient getClient() {
        return this.client;
    }

    @Override
    public Mono<Void> execute(URI url, WebSocketHandler handler) {
        return execute(url, new HttpHeaders(), handler);
    }

    /**
     * Connects once per subscription: each subscription is one attempt, with its own key and its own deadline. The
     * handler's {@code Mono} sees the subscriber's Reactor context, as with Spring's client.
     */
    @Override
    public Mono<Void> execute(URI url, HttpHeaders requestHeaders, WebSocketHandler handler) {
        return Mono.deferContextual(context -> connect(url, requestHeaders,
                ContextWebSocketHandler.decorate(handler, context)));
    }

    private Mono<Void> connect(URI url, HttpHeaders callerHeaders, WebSocketHandler handler) {
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(callerHeaders);
        // The caller's subprotocols replace the configured ones (none: the validator's); the container sets the header.
        List<String> subprotocols = CallerSubprotocols.take(headers, handler);
        ContainerAttempt attempt = ContainerAttempt.start(this.client, url, headers);
        if (headers.containsHeader(SEC_WEBSOCKET_EXTENSIONS)) {
            // Fail closed: the container runs only the extensions of its endpoint config, whatever the header says.
            attempt.fail(new IllegalArgumentException("The JSR-356 container runs only the extensions it offers "
                    + "itself: offer extensions through the validator (handshake.extensions), not a "
                    + "Sec-WebSocket-Extensions request header"));
        }
        Sinks.Empty<Void> completion = Sinks.empty();
        ValidatedHandler validated = new ValidatedHandler(handler, attempt);
        StandardWebSocketHandlerAdapter endpoint = new ValidatedEndpoint(validated,
                session -> createWebSocketSession(session, handshakeInfo(url, attempt), completion));
        attempt.connect(endpoint, subprotocols, BOUNDED_ELASTIC);
        return Mono.fromFuture(attempt.future(), true)
                .doOnCancel(attempt::cancel)
                .then(completion.asMono());
    }

    @Override
    protected StandardWebSocketSession createWebSocketSession(Session session, HandshakeInfo info,
            Sinks.Empty<Void> completionSink) {
        // As TomcatWebSocketClient: Tomcat's session can suspend reading, for back pressure.
        return this.tomcat ? new TomcatWebSocketSession(session, info, bufferFactory(), completionSink)
                : new StandardWebSocketSession(session, info, bufferFactory(), completionSink);
    }

    private static HandshakeInfo handshakeInfo(URI url, ContainerAttempt attempt) {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        HandshakeResult result = attempt.result().orElse(null);
        String subprotocol = null;
        if (result != null) {
            HandshakeAttributes.put(attributes, result);
            subprotocol = result.subprotocol().orElse(null);
        }
        return new HandshakeInfo(url, new HttpHeaders(), new LinkedMultiValueMap<>(), Mono.empty(), subprotocol,
                null, attributes, null);
    }

    /** Stops the client this one connects through: pending attempts fail, the container it created stops. */
    @Override
    public void destroy() {
        this.client.destroy();
    }

    /**
     * Runs the caller's handler only once the attempt opened with a validated answer, else closes the session; tells
     * the attempt once that the session closed: when the handler's {@code Mono} ends (WebFlux then closes the
     * session), before the {@code Mono} from {@code execute} completes, or when the connection closes first.
     */
    private static final class ValidatedHandler implements WebSocketHandler {

        private final WebSocketHandler delegate;

        private final ContainerAttempt attempt;

        private final AtomicBoolean open = new AtomicBoolean();

        ValidatedHandler(WebSocketHandler delegate, ContainerAttempt attempt) {
            this.delegate = delegate;
            this.attempt = attempt;
        }

        @Override
        public List<String> getSubProtocols() {
            return this.delegate.getSubProtocols();
        }

        @Override
        public Mono<Void> handle(org.springframework.web.reactive.socket.WebSocketSession session) {
            if (!this.attempt.opened()) {
                // The attempt ended first (the deadline, a cancel, the shutdown), or, failing closed, the container
                // opened a session the validator never saw: close without running the handler.
                return session.close(CloseStatus.GOING_AWAY);
            }
            this.open.set(true);
            return this.delegate.handle(session)
                    .checkpoint(SafeText.uri(session.getHandshakeInfo().getUri())
                            + " [ValidatingStandardWebSocketClient]")
                    // Before the session hears the end (and completes the caller's Mono): listeners are told first.
                    .doOnTerminate(this::closed)
                    .doOnCancel(this::closed);
        }

        void closed() {
            if (this.open.compareAndSet(true, false)) {
                this.attempt.sessionClosed();
            }
        }
    }

    /** Spring's endpoint, which also tells the handler when the connection closed before the handler's end. */
    private static final class ValidatedEndpoint extends StandardWebSocketHandlerAdapter {

        private final ValidatedHandler handler;

        ValidatedEndpoint(ValidatedHandler handler, Function<Session, StandardWebSocketSession> sessionFactory) {
            super(handler, sessionFactory);
            this.handler = handler;
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            super.onClose(session, reason);
            this.handler.closed();
        }
    }
}
