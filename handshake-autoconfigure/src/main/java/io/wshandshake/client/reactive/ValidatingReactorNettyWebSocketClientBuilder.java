package io.wshandshake.client.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.wshandshake.client.HandshakeLifecycleListener;
import io.wshandshake.client.HandshakeListeners;
import io.wshandshake.client.UnsupportedOfferException;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.SessionCounter;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Builds a {@link ValidatingReactorNettyWebSocketClient}: validation, session attributes, events and observations on
 * WebFlux's Reactor Netty client, with your own {@link HttpClient} or SSL context. In a Spring Boot application inject
 * the auto-configured builder (a new, pre-configured instance per injection point) and change what you need:
 *
 * <pre>{@code
 * @Bean
 * WebSocketClient myClient(ValidatingReactorNettyWebSocketClientBuilder builder) {
 *     return builder.connectTimeout(Duration.ofSeconds(3)).build();
 * }
 * }</pre>
 *
 * Each {@code build()} is independent. The validator's offers must be ones Reactor Netty can make: at most one
 * {@code permessage-deflate}, with no parameter but {@code client_no_context_takeover} and
 * {@code server_no_context_takeover}. Reactor Netty always requires a subprotocol when it offered some, whatever
 * the validator's {@code subprotocolRequired}.
 *
 * @since 0.3.0
 */
public final class ValidatingReactorNettyWebSocketClientBuilder {

    /** The default overall deadline of one handshake. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Room above the validator's header limit, so the validator, not Netty's decoder, judges every answer within it. */
    private static final int HEADER_LIMIT_MARGIN = 1024;

    private HandshakeValidator validator;

    private HttpClient httpClient;

    private Supplier<WebsocketClientSpec.Builder> specs = WebsocketClientSpec::builder;

    private @Nullable SSLContext sslContext;

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private @Nullable HandshakeObservationConvention observationConvention;

    private @Nullable ApplicationEventPublisher eventPublisher;

    private SessionCounter sessionCounter = SessionCounter.NONE;

    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private final List<HandshakeLifecycleListener> listeners = new ArrayList<>();

    /** A builder for a client that validates with {@code validator}. */
    public ValidatingReactorNettyWebSocketClientBuilder(HandshakeValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.httpClient = HttpClient.create();
    }

    /**
     * The validator to validate with, and whose offers the client makes, instead of the one given to the constructor.
     * @param validator the validator; never {@code null}
     * @return this builder
     * @since 0.1.0
     */
    public ValidatingReactorNettyWebSocketClientBuilder validator(HandshakeValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /**
     * The Reactor Netty client to connect with (its connection pool, resources, proxy, metrics); by default
     * {@code HttpClient.create()}. The client's response header limit is raised to a little above the validator's.
     */
    public ValidatingReactorNettyWebSocketClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        return this;
    }

    /**
     * Where each connect's {@link WebsocketClientSpec} starts from (frame limits, ping handling); the subprotocols
     * and the compression settings are the builder's, from the validator.
     */
    public ValidatingReactorNettyWebSocketClientBuilder websocketClientSpec(
            Supplier<WebsocketClientSpec.Builder> specs) {
        this.specs = Objects.requireNonNull(specs, "specs");
        return this;
    }

    /** The SSL context for {@code wss://} connections; by default Reactor Netty's defaults (the JDK's trust). */
    public ValidatingReactorNettyWebSocketClientBuilder sslContext(@Nullable SSLContext sslContext) {
        this.sslContext = sslContext;
        return this;
    }

    /** Where handshake observations go; by default nowhere. */
    public ValidatingReactorNettyWebSocketClientBuilder observationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
        return this;
    }

    /** A convention that replaces the default one; {@code null} for the default. */
    public ValidatingReactorNettyWebSocketClientBuilder observationConvention(
            @Nullable HandshakeObservationConvention convention) {
        this.observationConvention = convention;
        return this;
    }

    /** Where {@link io.wshandshake.client.HandshakeEvent}s go; by default nowhere. */
    public ValidatingReactorNettyWebSocketClientBuilder eventPublisher(
            @Nullable ApplicationEventPublisher eventPublisher) {
        this.eventPublisher = eventPublisher;
        return this;
    }

    /** What counts open sessions, such as the {@code websocket.client.sessions} gauges. */
    public ValidatingReactorNettyWebSocketClientBuilder sessionCounter(SessionCounter sessionCounter) {
        this.sessionCounter = Objects.requireNonNull(sessionCounter, "sessionCounter");
        return this;
    }

    /** The overall deadline of one handshake, from subscription to validated answer; never the session after it. */
    public ValidatingReactorNettyWebSocketClientBuilder connectTimeout(Duration connectTimeout) {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, not " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** Adds a listener to the lifecycle of every attempt, after the observation and the session gauge. */
    public ValidatingReactorNettyWebSocketClientBuilder listener(HandshakeLifecycleListener listener) {
        this.listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Builds the client.
     * @throws UnsupportedOfferException naming the first offer of the validator Reactor Netty cannot make or honour
     */
    public ValidatingReactorNettyWebSocketClient build() {
        ReactorNettyOffers offers = ReactorNettyOffers.of(this.validator);
        Supplier<WebsocketClientSpec.Builder> specs = this.specs;
        Supplier<WebsocketClientSpec.Builder> offering = () -> offers.apply(specs.get());
        int headerLimit = this.validator.maxHeaderSize() + HEADER_LIMIT_MARGIN;
        HttpClient httpClient = this.httpClient
                .httpResponseDecoder(decoder -> decoder.maxHeaderSize(headerLimit));
        SSLContext sslContext = this.sslContext;
        if (sslContext != null) {
            httpClient = httpClient.secure(ssl -> ssl.sslContext(new JdkSslContext(sslContext, true, ClientAuth.NONE)));
        }
        List<HandshakeLifecycleListener> listeners = HandshakeListeners.assemble(this.observationRegistry,
                this.observationConvention, this.sessionCounter, this.listeners, this.eventPublisher);
        return new ValidatingReactorNettyWebSocketClient(httpClient, offering, this.validator, listeners,
                this.connectTimeout);
    }
}
