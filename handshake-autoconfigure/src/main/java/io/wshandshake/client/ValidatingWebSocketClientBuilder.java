package io.wshandshake.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.SessionCounter;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Builds a {@link ValidatingWebSocketClient}: the way to get validation, session attributes, events and observations
 * on a client with your own container, SSL context or executor. In a Spring Boot application inject the
 * auto-configured builder (a new, pre-configured instance per injection point) and change what you need:
 *
 * <pre>{@code
 * @Bean
 * WebSocketClient myClient(ValidatingWebSocketClientBuilder builder, SSLContext mySslContext) {
 *     return builder.sslContext(mySslContext).connectTimeout(Duration.ofSeconds(3)).build();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ValidatingWebSocketClientBuilder {

    /** The default overall deadline of one connection attempt. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The default number of connects at a time, when no executor is given. */
    public static final int DEFAULT_POOL_SIZE = 8;

    private HandshakeValidator validator;

    private @Nullable WebSocketContainer container;

    private @Nullable ClientContainer clientContainer;

    private @Nullable AsyncTaskExecutor taskExecutor;

    private int connectPoolSize = DEFAULT_POOL_SIZE;

    private boolean virtualThreads;

    private @Nullable SSLContext sslContext;

    private final Map<String, Object> userProperties = new HashMap<>();

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private @Nullable HandshakeObservationConvention observationConvention;

    private @Nullable ApplicationEventPublisher eventPublisher;

    private SessionCounter sessionCounter = SessionCounter.NONE;

    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private int maxRedirects;

    private final List<HandshakeLifecycleListener> listeners = new ArrayList<>();

    /**
     * A builder for a client that validates with {@code validator}. A validator that offers permessage-deflate must
     * negotiate it within what the container can honour: see {@link TransportLimits}.
     */
    public ValidatingWebSocketClientBuilder(HandshakeValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * Replaces the validator given to the constructor, e.g. with one that makes other extension offers.
     * @since 0.3.0
     */
    public ValidatingWebSocketClientBuilder validator(HandshakeValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /**
     * The JSR-356 container to connect with. By default each {@code build()} gets its own from
     * {@code ContainerProvider.getWebSocketContainer()} and the client stops it when destroyed; a container passed
     * here stays yours to stop (for Tomcat's, {@code WsWebSocketContainer.destroy()}).
     */
    public ValidatingWebSocketClientBuilder container(WebSocketContainer container) {
        this.container = container;
        return this;
    }

    /**
     * Which container each {@code build()} creates when none is {@linkplain #container(WebSocketContainer) given}:
     * by default Tomcat's when it is on the classpath, else Jetty's, else whatever
     * {@code ContainerProvider.getWebSocketContainer()} finds. A Jetty container gets its TLS from
     * {@link #sslContext(SSLContext)} through its own {@code HttpClient}.
     * @param clientContainer the container to create, or {@code null} for the default
     * @since 0.1.0
     */
    public ValidatingWebSocketClientBuilder clientContainer(@Nullable ClientContainer clientContainer) {
        this.clientContainer = clientContainer;
        return this;
    }

    /**
     * The executor that runs the blocking connects, instead of the client's own pool (see
     * {@link #connectPoolSize(int)}). It stays the caller's: the client never shuts it down. Never {@code null}: a
     * client never blocks its caller.
     */
    public ValidatingWebSocketClientBuilder taskExecutor(AsyncTaskExecutor taskExecutor) {
        this.taskExecutor = Objects.requireNonNull(taskExecutor, "taskExecutor");
        return this;
    }

    /**
     * How many connects the client's own pool runs at a time, when no {@link #taskExecutor(AsyncTaskExecutor)} is
     * given; further connects wait in its queue. By default {@value #DEFAULT_POOL_SIZE}. Each client built gets a
     * pool of its own, not a bean, and shuts it down when it is destroyed.
     */
    public ValidatingWebSocketClientBuilder connectPoolSize(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
        }
        this.connectPoolSize = poolSize;
        return this;
    }

    /**
     * Whether the client's own pool runs each connect on a virtual thread (Java 21+; building fails on older
     * runtimes), still at most {@link #connectPoolSize(int)} at a time, the others queued. Boot's auto-configuration
     * turns this on with {@code spring.threads.virtual.enabled}. By default platform threads.
     */
    public ValidatingWebSocketClientBuilder virtualThreads(boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
        return this;
    }

    /** The SSL context for {@code wss://} connections; by default the JDK's. */
    public ValidatingWebSocketClientBuilder sslContext(SSLContext sslContext) {
        this.sslContext = sslContext;
        return this;
    }

    /** A container user property passed on every connect, e.g. Tomcat's proxy or redirect settings. */
    public ValidatingWebSocketClientBuilder userProperty(String name, Object value) {
        this.userProperties.put(name, value);
        return this;
    }

    /** Where handshake observations go; by default nowhere. */
    public ValidatingWebSocketClientBuilder observationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
        return this;
    }

    /** A convention that replaces the default one; {@code null} for the default. */
    public ValidatingWebSocketClientBuilder observationConvention(
            @Nullable HandshakeObservationConvention convention) {
        this.observationConvention = convention;
        return this;
    }

    /** Where {@link HandshakeEvent}s go; by default nowhere. */
    public ValidatingWebSocketClientBuilder eventPublisher(ApplicationEventPublisher eventPublisher) {
        this.eventPublisher = eventPublisher;
        return this;
    }

    /** What counts open sessions, such as the {@code websocket.client.sessions} gauges. */
    public ValidatingWebSocketClientBuilder sessionCounter(SessionCounter sessionCounter) {
        this.sessionCounter = Objects.requireNonNull(sessionCounter, "sessionCounter");
        return this;
    }

    /** The overall deadline of one connection attempt, from connect to open session. */
    public ValidatingWebSocketClientBuilder connectTimeout(Duration connectTimeout) {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, not " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
        return this;
    }

    /**
     * How many redirects one connect follows; {@code 0} (the default) follows none, as browsers do for WebSocket,
     * and fails a 3xx answer with {@code STATUS_NOT_SWITCHING_PROTOCOLS}. When redirects are allowed, the
     * caller's own headers go only to hops with the first request's {@code Host} and never on a redirected hop of
     * a {@code wss://} connection; the container itself may still send the credentials it manages (Tomcat's
     * {@code Authorization} from its own user properties).
     * @param maxRedirects zero or more
     * @since 0.1.0
     */
    public ValidatingWebSocketClientBuilder maxRedirects(int maxRedirects) {
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be zero or more, not " + maxRedirects);
        }
        this.maxRedirects = maxRedirects;
        return this;
    }

    /**
     * Adds a listener to the lifecycle of every connection attempt, after the observation, the session gauge and the
     * events, which the builder attaches itself.
     * @since 0.1.0
     */
    public ValidatingWebSocketClientBuilder listener(HandshakeLifecycleListener listener) {
        this.listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Builds the client.
     * @throws IllegalArgumentException if the validator offers what the container cannot honour
     */
    public ValidatingWebSocketClient build() {
        // Each build() is independent: what it creates belongs to that client alone, and the builder is unchanged.
        boolean ownsContainer = (this.container == null);
        // Checked before a container is created, so a refused build leaves no container running.
        ClientContainer kind = ownsContainer ? resolvedClientContainer() : ClientContainer.of(this.container);
        checkFitsJetty(kind, ownsContainer);
        TransportLimits.forContainer(kind).check(this.validator);
        WebSocketContainer container = ownsContainer ? createContainer() : this.container;
        boolean ownsExecutor = (this.taskExecutor == null);
        AsyncTaskExecutor executor = ownsExecutor ? connectExecutor(this.connectPoolSize, this.virtualThreads)
                : this.taskExecutor;
        List<HandshakeLifecycleListener> listeners = HandshakeListeners.assemble(this.observationRegistry,
                this.observationConvention, this.sessionCounter, this.listeners, this.eventPublisher);
        return new ValidatingWebSocketClient(new Settings(this.validator, container, ownsContainer, executor,
                ownsExecutor, this.sslContext, Map.copyOf(this.userProperties), listeners, this.connectTimeout,
                this.maxRedirects));
    }

    private ClientContainer resolvedClientContainer() {
        return (this.clientContainer != null) ? this.clientContainer : ClientContainer.firstPresent();
    }

    private WebSocketContainer createContainer() {
        ClientContainer kind = resolvedClientContainer();
        if (kind == null) {
            return ContainerProvider.getWebSocketContainer();
        }
        if (!kind.isPresent()) {
            throw new IllegalStateException("The " + kind + " WebSocket client container was chosen, but it is not "
                    + "on the classpath: add " + kind.artifact());
        }
        return (kind == ClientContainer.JETTY)
                ? JettySupport.create(this.sslContext, this.connectTimeout,
                        this.validator.maxHeaderSize() + 1024)
                : TomcatSupport.create();
    }

    /** Jetty's client ignores what it cannot be told through JSR-356: fail here rather than quietly at connect. */
    private void checkFitsJetty(ClientContainer kind, boolean ownsContainer) {
        if (kind != ClientContainer.JETTY) {
            return;
        }
        if (this.maxRedirects > 0) {
            throw new IllegalArgumentException("Jetty's WebSocket client container cannot follow redirects for this "
                    + "client (it would put the caller's headers on every hop): set maxRedirects to 0 "
                    + "(handshake.connect.max-redirects), or use Tomcat's container");
        }
        if (!ownsContainer && this.sslContext != null) {
            throw new IllegalArgumentException("Jetty's WebSocket client container ignores the SSLContext of the "
                    + "endpoint configuration and takes TLS from its HttpClient: leave the container to the builder "
                    + "(it builds one from the sslContext), or build yours from an HttpClient with your "
                    + "SslContextFactory and pass no sslContext");
        }
    }

    /**
     * The client's own connect pool: {@code poolSize} daemon threads named {@code handshake-connect-}, which end
     * when idle; further connects wait in the queue. Never a bean, so Boot's {@code Executor} conditions never see
     * it and {@code @Async} keeps Boot's executor. With virtual threads the pool only bounds and queues: each of its
     * workers is a virtual thread. (A concurrency-limited {@code SimpleAsyncTaskExecutor} would block the caller of
     * {@code execute} at the limit instead of queueing.)
     */
    private static ThreadPoolTaskExecutor connectExecutor(int poolSize, boolean virtualThreads) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(poolSize);
        executor.setMaxPoolSize(poolSize);
        executor.setAllowCoreThreadTimeOut(true);
        executor.setThreadNamePrefix("handshake-connect-");
        executor.setDaemon(true);
        executor.setVirtualThreads(virtualThreads);
        executor.initialize();
        return executor;
    }

    /** What one {@code build()} hands its client. */
    record Settings(HandshakeValidator validator, WebSocketContainer container, boolean ownsContainer,
            AsyncTaskExecutor taskExecutor, boolean ownsExecutor, SSLContext sslContext,
            Map<String, Object> userProperties, List<HandshakeLifecycleListener> listeners, Duration connectTimeout,
            int maxRedirects) {
    }
}
