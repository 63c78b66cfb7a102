package io.wshandshake.client.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.wshandshake.client.HandshakeAttemptContext;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.client.HandshakeLifecycleListener;
import io.wshandshake.client.RedactedException;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.context.Context;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * A {@link ReactorNettyWebSocketClient} that validates every opening handshake with a {@link HandshakeValidator}
 * (RFC 6455 section 4.1, RFC 7692) before the {@link WebSocketHandler} runs, puts the result into the session's
 * attributes (see {@link HandshakeAttributes}), tells the lifecycle listeners (observation, session gauge, events)
 * and bounds the handshake, and only the handshake, with an overall deadline. Over HTTP/2 (an {@link HttpClient}
 * with {@code HttpProtocol.H2} or {@code H2C}) the answer to the extended CONNECT is validated the same way by the
 * rules of RFC 8441 ({@link io.wshandshake.core.HandshakeMode#HTTP_2}).
 * <p>
 * It offers the validator's subprotocols on every {@code execute}, unless the handler declares its own
 * ({@link WebSocketHandler#getSubProtocols()}) or the caller's headers carry a {@code Sec-WebSocket-Protocol}: those
 * replace them. Its extension offers are the validator's, as far as Reactor Netty can make them (see the builder);
 * a caller's own {@code Sec-WebSocket-Extensions} header is refused, as Reactor Netty runs no extension it did not
 * offer itself. On a refused answer the {@code Mono} fails with the {@link HandshakeException}, the connection is
 * closed and the handler never runs; at the deadline it fails with a {@link TimeoutException}.
 * <p>
 * Build one with {@link ValidatingReactorNettyWebSocketClientBuilder}; in a Boot application inject the
 * auto-configured builder.
 *
 * @since 0.3.0
 */
public class ValidatingReactorNettyWebSocketClient extends ReactorNettyWebSocketClient {

    /**
     * This client's kind, the value of the observation's {@code client} tag (see
     * {@link HandshakeAttemptContext#clientKind()}).
     * @since 0.3.0
     */
    public static final String CLIENT_KIND = "reactor-netty";

    private final HandshakeValidator validator;

    private final Supplier<WebsocketClientSpec.Builder> specs;

    private final List<HandshakeLifecycleListener> listeners;

    private final Set<String> configuredSubprotocols;

    private final Set<String> configuredExtensionNames;

    private final Duration connectTimeout;

    /** The client as given, which {@link #getHttpClient()} returns. */
    private final HttpClient givenClient;

    /**
     * The given client with the one step that places the handshake handler on every request, made once: each
     * operator copies the client's configuration, so a per-connect one would cost a copy per connect. The step
     * finds its attempt in the subscriber's context.
     */
    private final HttpClient placingClient;

    ValidatingReactorNettyWebSocketClient(HttpClient httpClient, Supplier<WebsocketClientSpec.Builder> specs,
            HandshakeValidator validator, List<HandshakeLifecycleListener> listeners, Duration connectTimeout) {
        super(httpClient, specs);
        this.specs = specs;
        this.validator = validator;
        this.listeners = List.copyOf(listeners);
        this.configuredSubprotocols = Set.copyOf(validator.subprotocols());
        this.configuredExtensionNames = validator.extensions().stream().map(ExtensionElement::name)
                .collect(Collectors.toUnmodifiableSet());
        this.connectTimeout = connectTimeout;
        this.givenClient = httpClient;
        this.placingClient = httpClient.doOnRequest(this::place);
    }

    /** The validator this client checks every handshake with. */
    public HandshakeValidator getValidator() {
        return this.validator;
    }

    /** The overall deadline of one handshake, from subscription to validated answer. */
    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    @Override
    public Mono<Void> execute(URI url, WebSocketHandler handler) {
        return execute(url, new HttpHeaders(), handler);
    }

    /** Connects once per subscription: each subscription is one attempt, with its own key and its own deadline. */
    @Override
    public Mono<Void> execute(URI url, HttpHeaders requestHeaders, WebSocketHandler handler) {
        return Mono.defer(() -> connect(url, requestHeaders, handler));
    }

    private Mono<Void> connect(URI url, HttpHeaders callerHeaders, WebSocketHandler handler) {
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(callerHeaders);
        List<String> subprotocols = subprotocols(headers, handler);
        ReactiveHandshakeAttempt attempt = new ReactiveHandshakeAttempt(new HandshakeAttemptContext(this, CLIENT_KIND,
                url, headers, this.configuredSubprotocols, this.configuredExtensionNames), this.listeners);
        Mono<Void> refused = attempt.refuseCallerExtensions("Reactor Netty's WebSocket client runs only the "
                + "permessage-deflate it offers itself: offer extensions through the validator "
                + "(handshake.reactive.extensions), not a Sec-WebSocket-Extensions request header");
        if (refused != null) {
            return refused;
        }
        WebsocketClientSpec.Builder spec = this.specs.get();
        if (!subprotocols.isEmpty()) {
            spec.protocols(String.join(",", subprotocols));
        }
        WebsocketClientSpec builtSpec = spec.build();
        Connect connect = new Connect(attempt);
        Mono<Void> handshakeAndSession = placingClient()
                .headers(nettyHeaders -> headers.forEach(nettyHeaders::set))
                .websocket(builtSpec)
                .uri(url)
                .handle((inbound, outbound) -> open(url, inbound, outbound, handler, connect, builtSpec))
                .then()
                .contextWrite(Context.of(Connect.class, connect));
        Mono<Void> deadline = Mono.delay(this.connectTimeout).flatMap(tick -> attempt.expire(this.connectTimeout));
        return Mono.firstWithSignal(handshakeAndSession, deadline)
                .onErrorMap(error -> attempt.hasEnded() ? error : translate(error, attempt, url))
                .doOnError(error -> {
                    if (attempt.fail(error) || !connect.open) {
                        close(connect.connection);
                    }
                })
                .doOnCancel(() -> {
                    if (attempt.fail(new CancellationException("The subscriber cancelled the WebSocket handshake with "
                            + SafeText.uri(url)))) {
                        close(connect.connection);
                    }
                });
    }

    /**
     * The client the request goes out on: the one made at construction, unless {@link #getHttpClient()} answers
     * another client than the one given (a subclass may), which then gets the placing step on every connect.
     */
    private HttpClient placingClient() {
        HttpClient client = getHttpClient();
        return (client == this.givenClient) ? this.placingClient : client.doOnRequest(this::place);
    }

    /**
     * Places the handshake handler on the connection that is about to send this connect's upgrade request, and
     * keeps the connection to close on a failure or cancel. The connect is the subscriber's, from its context;
     * without one nothing is placed, and the handshake fails closed.
     */
    private void place(HttpClientRequest request, Connection connection) {
        Connect connect = request.currentContextView().getOrDefault(Connect.class, null);
        if (connect != null) {
            connect.connection = connection;
            ReactorNettyHandshakeHandler.install(connection.channel(), connect.attempt, this.validator);
        }
    }

    private Publisher<Void> open(URI url, WebsocketInbound inbound, WebsocketOutbound outbound,
            WebSocketHandler handler, Connect connect, WebsocketClientSpec spec) {
        ReactiveHandshakeAttempt attempt = connect.attempt;
        HandshakeResult result = attempt.result();
        if (result == null) {
            // Fail closed: an answer the validator never saw is never shown to the handler.
            IllegalStateException unvalidated = new IllegalStateException("The WebSocket handshake with "
                    + SafeText.uri(url) + " completed without validation");
            attempt.fail(unvalidated);
            return Mono.error(unvalidated);
        }
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        HandshakeAttributes.put(attributes, result);
        if (!attempt.opened()) {
            // The attempt ended first (the deadline, or a cancel): close without running the handler.
            return outbound.sendClose(1001, "Going Away");
        }
        connect.open = true;
        HandshakeInfo info = new HandshakeInfo(url, responseHeaders(inbound), new LinkedMultiValueMap<>(),
                Mono.empty(), result.subprotocol().orElse(null), null, attributes, null);
        ReactorNettyWebSocketSession session = new ReactorNettyWebSocketSession(inbound, outbound, info,
                new NettyDataBufferFactory(outbound.alloc()), spec.maxFramePayloadLength());
        return handler.handle(session)
                .checkpoint(SafeText.uri(url) + " [ValidatingReactorNettyWebSocketClient]")
                .doFinally(signal -> attempt.sessionClosed());
    }

    private static Throwable translate(Throwable error, ReactiveHandshakeAttempt attempt, URI url) {
        HandshakeException rejected = attempt.rejected();
        if (rejected != null) {
            return rejected;
        }
        if (error instanceof HandshakeException) {
            return error;
        }
        RedactedException redacted = RedactedException.redact(error, url);
        HandshakeException refusal = ReactorNettyRefusals.of(error, redacted);
        return (refusal != null) ? refusal : redacted;
    }

    /** The caller's subprotocols (header, then handler) replace the configured ones; the header is Netty's to set. */
    private List<String> subprotocols(HttpHeaders headers, WebSocketHandler handler) {
        List<String> caller = CallerSubprotocols.take(headers, handler);
        return caller.isEmpty() ? this.validator.subprotocols() : caller;
    }

    private static HttpHeaders responseHeaders(WebsocketInbound inbound) {
        HttpHeaders headers = new HttpHeaders();
        io.netty.handler.codec.http.HttpHeaders nettyHeaders = inbound.headers();
        for (String name : nettyHeaders.names()) {
            headers.put(name, nettyHeaders.getAll(name));
        }
        return headers;
    }

    private static void close(@Nullable Connection connection) {
        if (connection != null) {
            connection.dispose();
        }
    }

    /** One connect: its attempt, the connection it went out on, and whether the handler got the session. */
    private static final class Connect {

        final ReactiveHandshakeAttempt attempt;

        volatile @Nullable Connection connection;

        volatile boolean open;

        Connect(ReactiveHandshakeAttempt attempt) {
            this.attempt = attempt;
        }
    }
}
