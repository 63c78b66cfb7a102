package io.wshandshake.client.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.HandshakeAttemptContext;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.HandshakeLifecycleListener;
import io.wshandshake.client.JettyClientSupport;
import io.wshandshake.client.TransportLimits;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ContextWebSocketHandler;
import org.springframework.web.reactive.socket.adapter.JettyWebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.adapter.JettyWebSocketSession;
import org.springframework.web.reactive.socket.client.JettyWebSocketClient;

/**
 * WebFlux's {@link JettyWebSocketClient}, on Jetty 12's own {@code org.eclipse.jetty.websocket.client.WebSocketClient},
 * validating every opening handshake with a {@link HandshakeValidator} (RFC 6455 section 4.1, RFC 7692) before the
 * {@link WebSocketHandler} runs, with the result in the session's attributes (see {@link HandshakeAttributes}), the
 * lifecycle listeners (observation, session gauge, events) and the overall deadline of the handshake, never of the
 * session after it.
 * <p>
 * The key and offers validated against are read from the upgrade request Jetty really sends, and the answer is
 * validated in Jetty's {@code onHandshakeResponse}, after Jetty's own checks ({@code Connection}, the Accept hash,
 * the subprotocol and the extension names) and before Jetty opens the session: a refused answer fails the
 * {@code Mono} with the {@link HandshakeException}, the connection is closed and the handler never runs. Jetty's own
 * refusals (a status other than 101, a bad Accept, an un-offered subprotocol or extension) are the same
 * {@link HandshakeException}s; at the deadline the {@code Mono} fails with a {@link TimeoutException}.
 * <p>
 * It offers the validator's subprotocols, unless the handler declares its own
 * ({@link WebSocketHandler#getSubProtocols()}) or the caller's headers carry a {@code Sec-WebSocket-Protocol}: those
 * replace them; and the validator's extensions, which must be ones Jetty's client can honour (as for the servlet
 * client on Jetty's container); a caller's {@code Sec-WebSocket-Extensions} header is refused. It runs on a Jetty
 * client of its own, on an {@code HttpClient} that follows no redirect, pools no connection and ends a refused
 * handshake at once; it starts that client when built and stops it when destroyed (or stopped as a
 * {@link org.springframework.context.Lifecycle}).
 * <p>
 * In a Spring Boot application, {@code handshake.reactive.client=jetty} makes it the auto-configured reactive
 * client. To declare one yourself, give it the auto-configured validator and the listeners:
 *
 * <pre>{@code
 * @Bean
 * ValidatingJettyWebSocketClient reactiveClient(HandshakeValidator validator, ObservationRegistry registry) {
 *     return new ValidatingJettyWebSocketClient(validator, HandshakeListeners.assemble(registry, null,
 *             SessionCounter.NONE, List.of(), null), Duration.ofSeconds(10), null);
 * }
 * }</pre>
 *
 * @since 0.3.0
 */
public class ValidatingJettyWebSocketClient extends JettyWebSocketClient implements DisposableBean {

    /**
     * This client's kind, the value of the observation's {@code client} tag (see
     * {@link HandshakeAttemptContext#clientKind()}).
     */
    public static final String CLIENT_KIND = "jetty-native";

    /** Room above the validator's header limit, so the validator, not Jetty's parser, judges every answer within it. */
    private static final int HEADER_LIMIT_MARGIN = 1024;

    private final org.eclipse.jetty.websocket.client.WebSocketClient jettyClient;

    private final HandshakeValidator validator;

    private final List<HandshakeLifecycleListener> listeners;

    private final Set<String> configuredSubprotocols;

    private final Set<String> configuredExtensionNames;

    private final Duration connectTimeout;

    /**
     * A client on a Jetty client of its own, started here.
     * @param validator the validator that checks every handshake and whose offers the client makes
     * @param listeners the lifecycle listeners, in order (see {@code HandshakeListeners.assemble})
     * @param connectTimeout the overall deadline of one handshake
     * @param sslContext the SSL context for {@code wss://}, or {@code null} for the JDK's defaults
     * @throws io.wshandshake.client.UnsupportedOfferException naming the first offer of the validator Jetty's client
     * cannot make or honour
     */
    public ValidatingJettyWebSocketClient(HandshakeValidator validator, List<HandshakeLifecycleListener> listeners,
            Duration connectTimeout, @Nullable SSLContext sslContext) {
        this(validator, listeners, connectTimeout, new org.eclipse.jetty.websocket.client.WebSocketClient(
                JettyClientSupport.httpClient(sslContext, connectTimeout, validator.maxHeaderSize()
                        + HEADER_LIMIT_MARGIN)));
    }

    private ValidatingJettyWebSocketClient(HandshakeValidator validator, List<HandshakeLifecycleListener> listeners,
            Duration connectTimeout, org.eclipse.jetty.websocket.client.WebSocketClient jettyClient) {
        super(jettyClient);
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, not " + connectTimeout);
        }
        TransportLimits.forContainer(ClientContainer.JETTY).check(validator);
        this.jettyClient = jettyClient;
        this.validator = validator;
        this.listeners = List.copyOf(listeners);
        this.configuredSubprotocols = Set.copyOf(validator.subprotocols());
        this.configuredExtensionNames = validator.extensions().stream().map(ExtensionElement::name)
                .collect(Collectors.toUnmodifiableSet());
        this.connectTimeout = connectTimeout;
        start();
    }

    /** The validator this client checks every handshake with. */
    public HandshakeValidator getValidator() {
        return this.validator;
    }

    /** The overall deadline of one handshake, from subscription to validated answer. */
    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    /**
     * Jetty's client underneath, for its session settings (message and frame sizes, idle timeout); its
     * {@code HttpClient} is this client's and must stay as it is.
     */
    public org.eclipse.jetty.websocket.client.WebSocketClient getJettyClient() {
        return this.jettyClient;
    }

    @Override
    public Mono<Void> execute(URI url, WebSocketHandler handler) {
        return execute(url, new HttpHeaders(), handler);
    }

    /**
     * Connects once per subscription: each subscription is one attempt, with its own key and its own deadline. The
     * handler's {@code Mono} sees the subscriber's Reactor context.
     */
    @Override
    public Mono<Void> execute(URI url, @Nullable HttpHeaders requestHeaders, WebSocketHandler handler) {
        return Mono.deferContextual(context -> connect(url,
                (requestHeaders != null) ? requestHeaders : new HttpHeaders(),
                ContextWebSocketHandler.decorate(handler, context)));
    }

    private Mono<Void> connect(URI url, HttpHeaders callerHeaders, WebSocketHandler handler) {
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(callerHeaders);
        List<String> subprotocols = subprotocols(headers, handler);
        ReactiveHandshakeAttempt attempt = new ReactiveHandshakeAttempt(new HandshakeAttemptContext(this, CLIENT_KIND,
                url, headers, this.configuredSubprotocols, this.configuredExtensionNames), this.listeners);
        Mono<Void> refused = attempt.refuseCallerExtensions("Jetty's WebSocket client runs only the extensions it "
                + "offers itself: offer extensions through the validator (handshake.extensions), not a "
                + "Sec-WebSocket-Extensions request header");
        if (refused != null) {
            return refused;
        }
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        for (String name : headers.headerNames()) {
            request.setHeader(name, headers.getValuesAsList(name));
        }
        request.setSubProtocols(subprotocols);
        for (ExtensionElement offer : this.validator.extensions()) {
            request.addExtensions(offer.toString());
        }
        // Jetty's own bound on the exchange, past the deadline: a connect the deadline could not stop still ends.
        request.setTimeout(this.connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        Sinks.Empty<Void> completion = Sinks.empty();
        AtomicReference<HttpHeaders> responseHeaders = new AtomicReference<>(new HttpHeaders());
        ValidatedHandler validated = new ValidatedHandler(handler, attempt, completion, url);
        // Spring's own endpoint: Jetty calls its methods through public lookups, which a private subclass fails.
        JettyWebSocketHandlerAdapter endpoint = new JettyWebSocketHandlerAdapter(validated,
                session -> new JettyWebSocketSession(session, handshakeInfo(url, attempt, responseHeaders.get()),
                        DefaultDataBufferFactory.sharedInstance, completion));
        CompletableFuture<Session> future;
        try {
            future = this.jettyClient.connect(endpoint, url, request,
                    new ValidatingUpgradeListener(attempt, this.validator, responseHeaders));
        }
        catch (Exception ex) {
            Throwable failure = JettyClientSupport.failure(ex, url, attempt.rejected(), false);
            attempt.fail(failure);
            return Mono.error(failure);
        }
        Mono<Void> handshakeAndSession = Mono.fromFuture(future, true)
                .onErrorMap(error -> attempt.hasEnded() ? error
                        : JettyClientSupport.failure(error, url, attempt.rejected(), attempt.result() != null))
                .then(completion.asMono());
        Mono<Void> deadline = Mono.delay(this.connectTimeout).flatMap(tick -> attempt.expire(this.connectTimeout));
        // Cancelling the future aborts Jetty's exchange and closes its connection while the handshake runs; once the
        // session is open the future is done and this does nothing.
        return Mono.firstWithSignal(handshakeAndSession, deadline)
                .doOnError(error -> {
                    attempt.fail(error);
                    future.cancel(true);
                })
                .doOnCancel(() -> {
                    attempt.fail(new CancellationException("The subscriber cancelled the WebSocket handshake with "
                            + SafeText.uri(url)));
                    future.cancel(true);
                });
    }

    private static HandshakeInfo handshakeInfo(URI url, ReactiveHandshakeAttempt attempt, HttpHeaders headers) {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        HandshakeResult result = attempt.result();
        String subprotocol = null;
        if (result != null) {
            HandshakeAttributes.put(attributes, result);
            subprotocol = result.subprotocol().orElse(null);
        }
        return new HandshakeInfo(url, headers, new LinkedMultiValueMap<>(), Mono.empty(), subprotocol, null,
                attributes, null);
    }

    /** The caller's subprotocols (header, then handler) replace the configured ones; the header is Jetty's to set. */
    private List<String> subprotocols(HttpHeaders headers, WebSocketHandler handler) {
        List<String> caller = CallerSubprotocols.take(headers, handler);
        return caller.isEmpty() ? this.validator.subprotocols() : caller;
    }

    /** Stops the Jetty client this one created: its sessions close, pending attempts fail. */
    @Override
    public void destroy() {
        stop();
    }

    /** Jetty's fields as the validator reads them: every line a value, names as received. */
    static Map<String, List<String>> headerMap(HttpFields fields) {
        return HeaderLines.of(fields, HttpField::getName, HttpField::getValue);
    }

    /**
     * Reads the key and offers from the request as Jetty sends it (after Jetty set its key and extension header),
     * and validates the answer when Jetty shows it: after Jetty's own checks and before it opens the session, where
     * what this throws fails the upgrade. Jetty also shows it answers it refused itself and then only logs what is
     * thrown, so the verdict is recorded on the attempt as well.
     */
    private static final class ValidatingUpgradeListener implements JettyUpgradeListener {

        private final ReactiveHandshakeAttempt attempt;

        private final HandshakeValidator validator;

        private final AtomicReference<HttpHeaders> responseHeaders;

        ValidatingUpgradeListener(ReactiveHandshakeAttempt attempt, HandshakeValidator validator,
                AtomicReference<HttpHeaders> responseHeaders) {
            this.attempt = attempt;
            this.validator = validator;
            this.responseHeaders = responseHeaders;
        }

        @Override
        public void onHandshakeRequest(Request request) {
            // One Sec-WebSocket-Protocol line, as every client of this starter sends: Jetty writes one line per
            // subprotocol, and some servers (Reactor Netty's) read the first line only.
            List<String> protocols = request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL);
            if (protocols.size() > 1) {
                request.headers(fields -> fields.put(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL,
                        String.join(", ", protocols)));
            }
            this.attempt.requestSent(this.validator.clientHandshake(headerMap(request.getHeaders())));
        }

        @Override
        public void onHandshakeResponse(Request request, Response response) {
            ClientHandshake sent = this.attempt.sent();
            if (sent == null) {
                throw new IllegalStateException("The upgrade request was not seen going out: nothing to validate "
                        + "against");
            }
            Map<String, List<String>> headers = headerMap(response.getHeaders());
            HandshakeResult result;
            try {
                result = this.validator.endClientHandshake(sent, response.getStatus(), headers);
                JettyClientSupport.checkAnswer(sent, result);
            }
            catch (HandshakeException ex) {
                this.attempt.rejected(ex);
                if (response.getStatus() != HttpStatus.SWITCHING_PROTOCOLS_101) {
                    // Jetty refused it already, and would only log what is thrown.
                    return;
                }
                throw ex;
            }
            HttpHeaders copy = new HttpHeaders();
            headers.forEach(copy::addAll);
            this.responseHeaders.set(copy);
            this.attempt.validated(result);
        }
    }

    /**
     * Runs the caller's handler only once the attempt opened with a validated answer, else closes the session; tells
     * the attempt once that the session closed: when the handler's {@code Mono} ends, or when the connection closes
     * first.
     */
    private static final class ValidatedHandler implements WebSocketHandler {

        private final WebSocketHandler delegate;

        private final ReactiveHandshakeAttempt attempt;

        private final Sinks.Empty<Void> completion;

        private final URI url;

        private final AtomicBoolean open = new AtomicBoolean();

        ValidatedHandler(WebSocketHandler delegate, ReactiveHandshakeAttempt attempt, Sinks.Empty<Void> completion,
                URI url) {
            this.delegate = delegate;
            this.attempt = attempt;
            this.completion = completion;
            this.url = url;
        }

        @Override
        public List<String> getSubProtocols() {
            return this.delegate.getSubProtocols();
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            if (this.attempt.result() == null) {
                // Fail closed: an answer the validator never saw is never shown to the handler.
                IllegalStateException unvalidated = new IllegalStateException("The WebSocket handshake with "
                        + SafeText.uri(this.url) + " completed without validation");
                this.attempt.fail(unvalidated);
                this.completion.tryEmitError(unvalidated);
                return session.close(CloseStatus.POLICY_VIOLATION);
            }
            if (!this.attempt.opened()) {
                // The attempt ended first (the deadline, a cancel): close without running the handler.
                return session.close(CloseStatus.GOING_AWAY);
            }
            this.open.set(true);
            // The connection may close before the handler's Mono ends.
            session.closeStatus().doFinally(signal -> closed()).subscribe();
            return this.delegate.handle(session)
                    .checkpoint(SafeText.uri(this.url) + " [ValidatingJettyWebSocketClient]")
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
}
