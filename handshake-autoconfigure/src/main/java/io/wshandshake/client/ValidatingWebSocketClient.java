package io.wshandshake.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.WebSocketContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
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
 *
 * @since 0.1.0
 */
public class ValidatingWebSocketClient extends StandardWebSocketClient implements DisposableBean {

    private static final Log logger = LogFactory.getLog(ValidatingWebSocketClient.class);

    private final WebSocketContainer container;

    private final boolean ownsContainer;

    private final boolean jetty;

    private final String clientKind;

    private final HandshakeValidator validator;

    private final TransportLimits transportLimits;

    private final List<Extension> configuredExtensions;

    private final Set<String> configuredSubprotocols;

    private final Set<String> configuredExtensionNames;

    private final List<HandshakeLifecycleListener> listeners;

    private final Duration connectTimeout;

    private final int maxRedirects;

    private final Set<WebSocketSession> openSessions = ConcurrentHashMap.newKeySet();

    private final Set<HandshakeAttempt> pendingAttempts = ConcurrentHashMap.newKeySet();

    /** The classes of unexpected container exceptions already logged: once each, not once per connect. */
    private final Set<String> unexpectedFailureTypes = ConcurrentHashMap.newKeySet();

    private final boolean ownsExecutor;

    private volatile boolean destroyed;

    ValidatingWebSocketClient(ValidatingWebSocketClientBuilder.Settings settings) {
        super(settings.container());
        this.container = settings.container();
        this.ownsContainer = settings.ownsContainer();
        this.jetty = JettySupport.isJetty(this.container);
        ClientContainer kind = ClientContainer.of(this.container);
        this.clientKind = (kind != null) ? kind.clientKind() : HandshakeAttemptContext.OTHER_CLIENT_KIND;
        this.ownsExecutor = settings.ownsExecutor();
        this.validator = settings.validator();
        this.transportLimits = TransportLimits.forContainer(this.container);
        this.configuredExtensions = this.validator.extensions().stream().<Extension>map(OfferedExtension::of)
                .toList();
        this.configuredSubprotocols = Set.copyOf(this.validator.subprotocols());
        this.configuredExtensionNames = this.validator.extensions().stream().map(ExtensionElement::name)
                .collect(Collectors.toUnmodifiableSet());
        this.listeners = settings.listeners();
        this.connectTimeout = settings.connectTimeout();
        this.maxRedirects = settings.maxRedirects();
        setTaskExecutor(settings.taskExecutor());
        setSslContext(settings.sslContext());
        setUserProperties(settings.userProperties());
    }

    /**
     * The JSR-356 container this client connects with.
     * @since 0.3.0
     */
    public WebSocketContainer getWebSocketContainer() {
        return this.container;
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
        return Set.copyOf(this.openSessions);
    }

    @Override
    protected CompletableFuture<WebSocketSession> executeInternal(WebSocketHandler webSocketHandler,
            HttpHeaders headers, URI uri, List<String> subProtocols, List<WebSocketExtension> extensions,
            Map<String, Object> attributes) {

        HandshakeAttempt attempt = newAttempt(uri, headers, this.clientKind);
        if (attempt.future().isDone()) {
            return attempt.future();
        }
        if (extensions.stream().anyMatch(extension -> PerMessageDeflateNegotiator.NAME.equals(extension.getName()))) {
            // The validator was checked for its own offers only: a caller's permessage-deflate needs the same fit.
            try {
                this.transportLimits.checkPerMessageDeflate(this.validator);
            }
            catch (IllegalArgumentException ex) {
                attempt.fail(ex);
                return attempt.future();
            }
        }
        try {
            // Unresolved: Spring resolves the host here, on the caller's thread; the container resolves it anyway.
            StandardWebSocketSession session = new StandardWebSocketSession(headers, attributes, null,
                    InetSocketAddress.createUnresolved(uri.getHost(), port(uri)));
            ClientEndpointConfig endpointConfig = endpointConfig(headers, attempt, uri,
                    subProtocols.isEmpty() ? this.validator.subprotocols() : subProtocols,
                    extensions.isEmpty() ? this.configuredExtensions : adapt(extensions));
            Endpoint endpoint = new StandardWebSocketHandlerAdapter(
                    new ValidatedSessionHandler(webSocketHandler, this, attempt), session);
            // Without an executor Spring's client connects on the caller's thread; so does this one.
            Executor executor = (getTaskExecutor() != null) ? getTaskExecutor() : Runnable::run;
            return attempt.start(executor, () -> this.container.connectToServer(endpoint, endpointConfig, uri),
                    session);
        }
        catch (RuntimeException ex) {
            // A synchronous failure (no host, a port out of range) ends the attempt like any other.
            attempt.fail(new Redaction(uri).exception(ex));
            return attempt.future();
        }
    }

    /** The word this client's attempts carry in the observation's {@code client} tag, e.g. {@code tomcat}. */
    String clientKind() {
        return this.clientKind;
    }

    /**
     * One attempt, this client's or for an endpoint built elsewhere (the reactive JSR-356 client's, see
     * {@link ContainerAttempt}): registered as pending, so {@link #destroy()} ends it; a URI without a host and a
     * client already shut down end it at once.
     */
    HandshakeAttempt newAttempt(URI uri, HttpHeaders headers, String clientKind) {
        HandshakeAttemptContext context = new HandshakeAttemptContext(this, clientKind, uri, headers,
                this.configuredSubprotocols, this.configuredExtensionNames);
        HandshakeAttempt attempt = new HandshakeAttempt(context, this.listeners, this.pendingAttempts::remove,
                this.connectTimeout, this.maxRedirects, this.unexpectedFailureTypes);
        this.pendingAttempts.add(attempt);
        if (this.destroyed) {
            attempt.cancel();
        }
        else if (uri.getHost() == null) {
            attempt.fail(new IllegalArgumentException("WebSocket URI " + new Redaction(uri).text(uri.toString())
                    + " has no host"));
        }
        return attempt;
    }

    /**
     * Connects {@code endpoint} for {@code attempt} on the connect executor, or on {@code fallback} when this client
     * has none, offering {@code subprotocols} (the validator's when empty) and the configured extensions.
     */
    void connect(HandshakeAttempt attempt, Endpoint endpoint, HttpHeaders headers, List<String> subprotocols,
            Executor fallback) {
        if (attempt.future().isDone()) {
            return;
        }
        URI uri = attempt.context().uri();
        try {
            ClientEndpointConfig endpointConfig = endpointConfig(headers, attempt, uri,
                    subprotocols.isEmpty() ? this.validator.subprotocols() : subprotocols, this.configuredExtensions);
            Executor executor = (getTaskExecutor() != null) ? getTaskExecutor() : fallback;
            attempt.start(executor, () -> this.container.connectToServer(endpoint, endpointConfig, uri), null);
        }
        catch (RuntimeException ex) {
            attempt.fail(new Redaction(uri).exception(ex));
        }
    }

    private ClientEndpointConfig endpointConfig(HttpHeaders headers, HandshakeAttempt attempt, URI uri,
            List<String> subprotocols, List<Extension> extensions) {
        ClientEndpointConfig endpointConfig = ClientEndpointConfig.Builder.create()
                .configurator(new ValidatingConfigurator(headers, attempt, this.validator, isSecure(uri),
                        this.jetty))
                .preferredSubprotocols(subprotocols)
                .extensions(extensions)
                .sslContext(getSslContext())
                .build();
        endpointConfig.getUserProperties().putAll(getUserProperties());
        // Tomcat follows 20 redirects by default, with the caller's headers on each: browsers follow none.
        endpointConfig.getUserProperties().put(TomcatSupport.MAX_REDIRECTIONS_PROPERTY,
                String.valueOf(this.maxRedirects));
        // Tomcat's per-read timeout backs up the overall deadline, which fires first; Tomcat 11.0.23+ caps the
        // response head (8 KiB by default): set the cap a little above the validator's own limit, so the
        // validator judges every answer within it and Tomcat stops an endless one early.
        endpointConfig.getUserProperties().putIfAbsent(TomcatSupport.IO_TIMEOUT_PROPERTY,
                String.valueOf(this.connectTimeout.toMillis() + 1000));
        endpointConfig.getUserProperties().putIfAbsent(TomcatSupport.MAX_RESPONSE_HEADER_BYTES_PROPERTY,
                String.valueOf(this.validator.maxHeaderSize() + 1024L));
        return endpointConfig;
    }

    void sessionOpened(WebSocketSession session) {
        this.openSessions.add(session);
    }

    void sessionClosed(WebSocketSession session) {
        this.openSessions.remove(session);
    }

    /**
     * Fails every attempt still pending (queued or connecting) with a clear cause, its event and its meter, closes
     * every open session with 1001 (going away), and stops the container and the connect pool if this client created
     * them. Returns without waiting for silent servers: connecting threads are interrupted.
     */
    @Override
    public void destroy() {
        this.destroyed = true;
        for (HandshakeAttempt attempt : List.copyOf(this.pendingAttempts)) {
            attempt.cancel();
        }
        for (WebSocketSession session : getOpenSessions()) {
            try {
                session.close(CloseStatus.GOING_AWAY);
            }
            catch (Exception ex) {
                logger.debug("Could not close WebSocket session " + session.getId() + " on shutdown", ex);
            }
        }
        if (this.ownsContainer) {
            TomcatSupport.stop(this.container);
            JettySupport.stop(this.container);
        }
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
        return isSecure(uri) ? 443 : 80;
    }

    private static boolean isSecure(URI uri) {
        return uri.getScheme() != null && "wss".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    }
}
