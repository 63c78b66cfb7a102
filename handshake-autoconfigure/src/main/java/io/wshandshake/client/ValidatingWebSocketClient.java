package io.wshandshake.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import io.wshandshake.observation.DefaultHandshakeObservationConvention;
import io.wshandshake.observation.HandshakeObservationContext;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.HandshakeObservationDocumentation;
import io.wshandshake.observation.SessionCounter;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.adapter.standard.WebSocketToStandardExtensionAdapter;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * A {@link StandardWebSocketClient} that validates every opening handshake with a {@link HandshakeValidator}
 * (RFC 6455 section 4.1, RFC 7692), puts the result into the session attributes (see {@link HandshakeAttributes}),
 * observes every attempt and bounds it with an overall deadline.
 * <p>
 * It offers the validator's subprotocols and extensions on every {@code execute(...)}; a caller's own
 * subprotocols in the {@code WebSocketHttpHeaders} replace the configured ones, and a caller's own extensions the
 * configured extensions, each on its own. It validates against what the container actually sent. Note that
 * Spring's {@code WebSocketExtension} parsing of a caller's extension header drops parameters without a value: offer
 * such extensions through {@code handshake.extensions} instead.
 * <p>
 * Build one with {@link ValidatingWebSocketClientBuilder}; in a Boot application inject the auto-configured builder.
 */
public class ValidatingWebSocketClient extends StandardWebSocketClient implements DisposableBean {

    private static final Log logger = LogFactory.getLog(ValidatingWebSocketClient.class);

    private static final HandshakeObservationConvention DEFAULT_CONVENTION =
            new DefaultHandshakeObservationConvention();

    private final WebSocketContainer container;

    private final HandshakeValidator validator;

    private final List<Extension> configuredExtensions;

    private final Set<String> configuredSubprotocols;

    private final Set<String> configuredExtensionNames;

    private final ObservationRegistry observationRegistry;

    private final HandshakeObservationConvention observationConvention;

    private final ApplicationEventPublisher eventPublisher;

    private final SessionCounter sessionCounter;

    private final Duration connectTimeout;

    private final Map<WebSocketSession, String> openSessions = new ConcurrentHashMap<>();

    private final ConnectDeadlines deadlines;

    private final boolean ownsExecutor;

    ValidatingWebSocketClient(ValidatingWebSocketClientBuilder builder, AsyncTaskExecutor taskExecutor,
            boolean ownsExecutor) {
        super(builder.container());
        this.ownsExecutor = ownsExecutor;
        this.container = builder.container();
        this.validator = builder.validator();
        this.configuredExtensions = this.validator.extensions().stream().<Extension>map(OfferedExtension::of)
                .toList();
        this.configuredSubprotocols = Set.copyOf(this.validator.subprotocols());
        this.configuredExtensionNames = this.validator.extensions().stream().map(ExtensionElement::name)
                .collect(Collectors.toUnmodifiableSet());
        this.observationRegistry = builder.observationRegistry();
        this.observationConvention = builder.observationConvention();
        this.eventPublisher = builder.eventPublisher();
        this.sessionCounter = builder.sessionCounter();
        this.connectTimeout = builder.connectTimeout();
        this.deadlines = new ConnectDeadlines(this.connectTimeout);
        setTaskExecutor(taskExecutor);
        setSslContext(builder.sslContext());
        setUserProperties(builder.userProperties());
    }

    /** The validator this client checks every handshake with. */
    public HandshakeValidator getValidator() {
        return this.validator;
    }

    /** The overall deadline of one connection attempt. */
    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    /** The sessions this client opened that are still open. */
    public Set<WebSocketSession> getOpenSessions() {
        return Set.copyOf(this.openSessions.keySet());
    }

    @Override
    protected CompletableFuture<WebSocketSession> executeInternal(WebSocketHandler webSocketHandler,
            HttpHeaders headers, URI uri, List<String> subProtocols, List<WebSocketExtension> extensions,
            Map<String, Object> attributes) {

        if (uri.getHost() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("WebSocket URI "
                    + SafeText.quote(uri.toString()) + " has no host"));
        }
        HandshakeObservationContext context = new HandshakeObservationContext(headers, uri,
                this.configuredSubprotocols, this.configuredExtensionNames);
        Observation observation = HandshakeObservationDocumentation.CLIENT_HANDSHAKE
                .observation(this.observationConvention, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
                .start();

        // Unresolved: Spring resolves the host here, on the caller's thread; the container resolves it anyway.
        StandardWebSocketSession session = new StandardWebSocketSession(headers, attributes, null,
                InetSocketAddress.createUnresolved(uri.getHost(), port(uri)));
        HandshakeAttempt attempt = new HandshakeAttempt(this, uri, this.validator, session.getAttributes(),
                observation, context, this.connectTimeout);

        ClientEndpointConfig endpointConfig = ClientEndpointConfig.Builder.create()
                .configurator(new ValidatingConfigurator(headers, attempt))
                .preferredSubprotocols(subProtocols.isEmpty() ? this.validator.subprotocols() : subProtocols)
                .extensions(extensions.isEmpty() ? this.configuredExtensions : adapt(extensions))
                .sslContext(getSslContext())
                .build();
        endpointConfig.getUserProperties().putAll(getUserProperties());
        // Tomcat's per-read timeout backs up the overall deadline, which fires first; Tomcat 11.0.23+ caps the
        // response head (8 KiB by default): set the cap a little above the validator's own limit, so the validator
        // judges every answer within it and Tomcat stops an endless one early.
        endpointConfig.getUserProperties().putIfAbsent(TomcatSupport.IO_TIMEOUT_PROPERTY,
                String.valueOf(this.connectTimeout.toMillis() + 1000));
        endpointConfig.getUserProperties().putIfAbsent(TomcatSupport.MAX_RESPONSE_HEADER_BYTES_PROPERTY,
                String.valueOf(this.validator.maxHeaderSize() + 1024L));

        Endpoint endpoint = new StandardWebSocketHandlerAdapter(
                new ValidatedSessionHandler(webSocketHandler, this, attempt), session);
        // Without an executor Spring's client connects on the caller's thread; so does this one.
        Executor executor = (getTaskExecutor() != null) ? getTaskExecutor() : Runnable::run;
        return attempt.start(executor, this.deadlines,
                () -> this.container.connectToServer(endpoint, endpointConfig, uri), session);
    }

    void sessionOpened(WebSocketSession session, HandshakeResult result) {
        this.openSessions.put(session, this.sessionCounter.opened(result.subprotocol().orElse(null)));
    }

    void sessionClosed(WebSocketSession session) {
        String token = this.openSessions.remove(session);
        if (token != null) {
            this.sessionCounter.closed(token);
        }
    }

    void publish(ApplicationEvent event) {
        if (this.eventPublisher != null) {
            try {
                this.eventPublisher.publishEvent(event);
            }
            catch (RuntimeException ex) {
                logger.warn("A handshake event listener failed; the handshake itself is unaffected", ex);
            }
        }
    }

    /** Closes every open session with 1001 (going away) and stops the container. */
    @Override
    public void destroy() {
        for (WebSocketSession session : getOpenSessions()) {
            try {
                session.close(CloseStatus.GOING_AWAY);
            }
            catch (Exception ex) {
                logger.debug("Could not close WebSocket session " + session.getId() + " on shutdown", ex);
            }
        }
        TomcatSupport.stop(this.container);
        this.deadlines.stop();
        if (this.ownsExecutor && getTaskExecutor() instanceof DisposableBean executor) {
            try {
                executor.destroy();
            }
            catch (Exception ex) {
                logger.debug("Could not shut down the connect executor", ex);
            }
        }
    }

    private static List<Extension> adapt(List<WebSocketExtension> extensions) {
        return extensions.stream().<Extension>map(WebSocketToStandardExtensionAdapter::new).toList();
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "wss".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    /** Hands the request to Spring's header copying and the attempt, and the response to the attempt. */
    private static final class ValidatingConfigurator extends ClientEndpointConfig.Configurator {

        private final HttpHeaders headers;

        private final HandshakeAttempt attempt;

        ValidatingConfigurator(HttpHeaders headers, HandshakeAttempt attempt) {
            this.headers = Objects.requireNonNull(headers);
            this.attempt = attempt;
        }

        @Override
        public void beforeRequest(Map<String, List<String>> requestHeaders) {
            this.headers.forEach(requestHeaders::put);
            this.attempt.beforeRequest(requestHeaders);
        }

        @Override
        public void afterResponse(HandshakeResponse response) {
            this.attempt.afterResponse(response);
        }
    }
}
