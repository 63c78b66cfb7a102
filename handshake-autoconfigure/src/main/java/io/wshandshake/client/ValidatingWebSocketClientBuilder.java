package io.wshandshake.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import io.micrometer.observation.ObservationRegistry;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.observation.HandshakeObservationConvention;
import io.wshandshake.observation.SessionCounter;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

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
 */
public final class ValidatingWebSocketClientBuilder {

    /** The default overall deadline of one connection attempt. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The default number of connects at a time, when no executor is given. */
    public static final int DEFAULT_POOL_SIZE = 8;

    private final HandshakeValidator validator;

    private WebSocketContainer container;

    private AsyncTaskExecutor taskExecutor;

    private int connectPoolSize = DEFAULT_POOL_SIZE;

    private boolean virtualThreads;

    private SSLContext sslContext;

    private final Map<String, Object> userProperties = new HashMap<>();

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private HandshakeObservationConvention observationConvention;

    private ApplicationEventPublisher eventPublisher;

    private SessionCounter sessionCounter = SessionCounter.NONE;

    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    /**
     * A builder for a client that validates with {@code validator}. Use a validator whose permessage-deflate
     * negotiator fits the container: see {@link TransportLimits}.
     */
    public ValidatingWebSocketClientBuilder(HandshakeValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /** The JSR-356 container to connect with; by default {@code ContainerProvider.getWebSocketContainer()}. */
    public ValidatingWebSocketClientBuilder container(WebSocketContainer container) {
        this.container = container;
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
    public ValidatingWebSocketClientBuilder observationConvention(HandshakeObservationConvention convention) {
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
     * Builds the client.
     * @throws IllegalArgumentException if the validator offers what the container cannot honour
     */
    public ValidatingWebSocketClient build() {
        if (this.container == null) {
            this.container = ContainerProvider.getWebSocketContainer();
        }
        TransportLimits.forContainer(this.container).check(this.validator);
        // A pool per build: the client owns what it was built with, so each build() stands on its own.
        boolean ownsExecutor = (this.taskExecutor == null);
        AsyncTaskExecutor executor = ownsExecutor ? connectExecutor(this.connectPoolSize, this.virtualThreads)
                : this.taskExecutor;
        return new ValidatingWebSocketClient(this, executor, ownsExecutor);
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

    HandshakeValidator validator() {
        return this.validator;
    }

    WebSocketContainer container() {
        return this.container;
    }

    SSLContext sslContext() {
        return this.sslContext;
    }

    Map<String, Object> userProperties() {
        return this.userProperties;
    }

    ObservationRegistry observationRegistry() {
        return this.observationRegistry;
    }

    HandshakeObservationConvention observationConvention() {
        return this.observationConvention;
    }

    ApplicationEventPublisher eventPublisher() {
        return this.eventPublisher;
    }

    SessionCounter sessionCounter() {
        return this.sessionCounter;
    }

    Duration connectTimeout() {
        return this.connectTimeout;
    }
}
