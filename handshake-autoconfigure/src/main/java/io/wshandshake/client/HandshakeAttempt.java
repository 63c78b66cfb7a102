package io.wshandshake.client;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.SafeText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * The lifecycle of one connection attempt, whatever the transport: started, the request sent, the answer validated,
 * then exactly one end, decided by one atomic step: opened, failed, expired at the overall deadline, or cancelled at
 * the client's shutdown. The caller's future, the listeners (observation, events, gauge) and the handler's callbacks
 * all follow that one end, so they always tell the same story.
 */
final class HandshakeAttempt {

    private static final Log logger = LogFactory.getLog(HandshakeAttempt.class);

    /** How an attempt ended. */
    enum End { OPENED, FAILED, EXPIRED, CANCELLED }

    private final HandshakeAttemptContext context;

    private final List<HandshakeLifecycleListener> listeners;

    private final Consumer<HandshakeAttempt> onEnd;

    private final Duration timeout;

    private final int maxRedirects;

    private final Set<String> unexpectedFailureTypes;

    private final AtomicReference<End> end = new AtomicReference<>();

    private final CompletableFuture<WebSocketSession> future = new CompletableFuture<>();

    /** Guarded by {@code this}: the thread inside the container's connect, if any. */
    private @Nullable Thread connectingThread;

    /** Guarded by {@code this}: whether the end interrupted the connecting thread. */
    private boolean interrupted;

    private volatile ConnectDeadlines.@Nullable Deadline deadline;

    private volatile @Nullable ClientHandshake sent;

    private volatile @Nullable HandshakeResult result;

    private volatile @Nullable HandshakeException rejected;

    HandshakeAttempt(HandshakeAttemptContext context, List<HandshakeLifecycleListener> listeners,
            Consumer<HandshakeAttempt> onEnd, Duration timeout, int maxRedirects, Set<String> unexpectedFailureTypes) {
        this.context = context;
        this.listeners = listeners;
        this.onEnd = onEnd;
        this.timeout = timeout;
        this.maxRedirects = maxRedirects;
        this.unexpectedFailureTypes = unexpectedFailureTypes;
        notify(listener -> listener.attemptStarted(context));
    }

    HandshakeAttemptContext context() {
        return this.context;
    }

    CompletableFuture<WebSocketSession> future() {
        return this.future;
    }

    /** The request went out with this key and these offers (again on each redirect the container follows). */
    void requestSent(ClientHandshake sent) {
        this.sent = sent;
    }

    ClientHandshake sent() {
        return this.sent;
    }

    /** The answer passed validation. */
    void validated(HandshakeResult result) {
        this.result = result;
    }

    HandshakeResult result() {
        return this.result;
    }

    /**
     * The answer failed validation. Recorded because a container may swallow what {@code afterResponse} throws
     * (Jetty does when it has refused the answer itself) and fail with its own, vaguer exception.
     */
    void rejected(HandshakeException rejected) {
        this.rejected = rejected;
    }

    /**
     * Runs {@code connect} on {@code executor} under the overall deadline, which runs from now: when it expires the
     * future fails with a {@link TimeoutException} at once, and the connecting thread is interrupted, which makes
     * Tomcat give up a pending read and close the socket. (A server that keeps sending bytes without end is the
     * exception: Tomcat's read loop does not look at the interrupt while data keeps coming, so that thread stays busy
     * until the server stops; the caller is not kept waiting for it.)
     */
    CompletableFuture<WebSocketSession> start(Executor executor, ContainerConnect connect, WebSocketSession session) {
        this.deadline = ConnectDeadlines.schedule(this::expire, this.timeout);
        try {
            executor.execute(() -> run(connect, session));
        }
        catch (RejectedExecutionException ex) {
            fail(new Redaction(this.context.uri()).exception(ex));
        }
        return this.future;
    }

    private void run(ContainerConnect connect, WebSocketSession session) {
        synchronized (this) {
            if (this.end.get() != null) {
                return;
            }
            this.connectingThread = Thread.currentThread();
        }
        try (ScopeList scopes = new ScopeList(this)) {
            connect.run();
            if (this.end.get() == null) {
                fail(new IllegalStateException("The WebSocket container returned from the connect to "
                        + SafeText.uri(this.context.uri()) + " without opening a session"));
            }
        }
        catch (Exception ex) {
            if (this.end.get() != End.OPENED) {
                fail(translate(ex));
            }
        }
        catch (Error ex) {
            fail(ex);
            throw ex;
        }
        finally {
            synchronized (this) {
                this.connectingThread = null;
                if (this.interrupted) {
                    // Clear the interrupt the end left, so the pool's thread goes on clean.
                    Thread.interrupted();
                }
            }
        }
        if (this.end.get() == End.OPENED) {
            // As Spring's own client: the future completes once the connect returned, after the handler's
            // afterConnectionEstablished.
            this.future.complete(session);
        }
    }

    /**
     * The session opened: the attempt ends as opened unless it already ended. Returns false when it had (the
     * deadline expired or the client shut down); the caller then closes the session without telling the handler.
     * A reactive client passes {@code null}: its session is WebFlux's.
     */
    boolean opened(WebSocketSession session) {
        if (!end(End.OPENED)) {
            return false;
        }
        HandshakeResult validated = this.result;
        if (session == null) {
            // A reactive client's session is WebFlux's, of another type.
            notify(listener -> listener.attemptOpened(this.context, validated));
        }
        else {
            notify(listener -> listener.attemptOpened(this.context, validated, session));
        }
        return true;
    }

    /** The session this attempt opened has closed ({@code null}: a reactive client's session). */
    void sessionClosed(WebSocketSession session) {
        if (session == null) {
            notify(listener -> listener.sessionClosed(this.context));
        }
        else {
            notify(listener -> listener.sessionClosed(this.context, session));
        }
    }

    /** Fails the attempt with {@code failure}, unless it already ended. */
    void fail(Throwable failure) {
        if (end(End.FAILED)) {
            failed(failure);
        }
    }

    private void expire() {
        if (end(End.EXPIRED)) {
            failed(new TimeoutException("WebSocket handshake with " + SafeText.uri(this.context.uri())
                    + " did not complete within " + this.timeout.toMillis() + " ms (handshake.connect.timeout)"));
            interruptConnectingThread();
        }
    }

    /** The client shuts down: fails the attempt, queued or running, unless it already ended. */
    void cancel() {
        if (end(End.CANCELLED)) {
            failed(new IllegalStateException("The WebSocket client was shut down before the handshake with "
                    + SafeText.uri(this.context.uri()) + " completed"));
            interruptConnectingThread();
        }
    }

    /** The one step that decides how the attempt ends. */
    private boolean end(End how) {
        if (!this.end.compareAndSet(null, how)) {
            return false;
        }
        ConnectDeadlines.Deadline deadline = this.deadline;
        if (deadline != null && how != End.EXPIRED) {
            deadline.cancel();
        }
        this.onEnd.accept(this);
        return true;
    }

    private void failed(Throwable failure) {
        // Record before completing, so whoever waits on the future finds the event and the meter in place.
        notify(listener -> listener.attemptFailed(this.context, failure));
        this.future.completeExceptionally(failure);
    }

    private void interruptConnectingThread() {
        synchronized (this) {
            if (this.connectingThread != null) {
                this.interrupted = true;
                this.connectingThread.interrupt();
            }
        }
    }

    private void notify(Consumer<HandshakeLifecycleListener> callback) {
        for (HandshakeLifecycleListener listener : this.listeners) {
            try {
                callback.accept(listener);
            }
            catch (RuntimeException ex) {
                logger.warn("A handshake lifecycle listener failed; the handshake itself is unaffected", ex);
            }
        }
    }

    /**
     * One taxonomy for callers and metrics: the validator's verdict, found in what the container threw (Jetty and
     * Tomcat wrap it), or, once the request is out, one of the container's own refusals of the answer known to
     * {@link JettySupport} and {@link TomcatSupport} (a status other than 101, a malformed status line, a redirect,
     * Tomcat's {@code invalidExtensionParameters}, ...) becomes a {@link HandshakeException}. Anything else is a
     * transport failure, never a verdict on the server: a runtime exception no refusal explains is a fault in the
     * container or in this client, and is logged at WARN the first time its class is seen. Either way the
     * container's exception is handed out only as a {@link RedactedException}: its messages carry the whole URI,
     * credentials included, and text the server chose.
     */
    private Exception translate(Exception ex) {
        HandshakeException verdict = (ex instanceof HandshakeException handshakeException) ? handshakeException
                : wrappedHandshakeException(ex);
        if (verdict != null) {
            return verdict;
        }
        URI uri = this.context.uri();
        Redaction redaction = new Redaction(uri);
        RedactedException redacted = redaction.exception(ex);
        if (this.sent != null) {
            boolean validated = this.result != null;
            HandshakeException refusal = JettySupport.refusal(ex, uri, this.rejected, validated, redacted);
            if (refusal == null) {
                refusal = TomcatSupport.refusal(ex, uri, validated, this.maxRedirects, redaction, redacted);
            }
            if (refusal != null) {
                return refusal;
            }
        }
        if (ex instanceof RuntimeException && this.unexpectedFailureTypes.add(ex.getClass().getName())) {
            logger.warn("The WebSocket container failed the connect to " + SafeText.uri(uri) + " with an "
                    + "unexpected " + ex.getClass().getName() + ", reported as a transport failure (logged once per "
                    + "exception class)", redacted);
        }
        return redacted;
    }

    private static @Nullable HandshakeException wrappedHandshakeException(Throwable ex) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = ex.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof HandshakeException handshakeException) {
                return handshakeException;
            }
        }
        return null;
    }

    /** The container's connect call. */
    @FunctionalInterface
    interface ContainerConnect {

        void run() throws Exception;
    }

    /** The listeners' scopes on the connecting thread, closed in reverse order. */
    private static final class ScopeList implements AutoCloseable {

        private final HandshakeLifecycleListener.Scope[] scopes;

        ScopeList(HandshakeAttempt attempt) {
            this.scopes = new HandshakeLifecycleListener.Scope[attempt.listeners.size()];
            for (int i = 0; i < this.scopes.length; i++) {
                HandshakeLifecycleListener.Scope scope = HandshakeLifecycleListener.Scope.NOOP;
                try {
                    scope = attempt.listeners.get(i).connecting(attempt.context);
                }
                catch (RuntimeException ex) {
                    logger.warn("A handshake lifecycle listener failed; the handshake itself is unaffected", ex);
                }
                this.scopes[i] = scope;
            }
        }

        @Override
        public void close() {
            for (int i = this.scopes.length - 1; i >= 0; i--) {
                try {
                    this.scopes[i].close();
                }
                catch (RuntimeException ex) {
                    logger.warn("A handshake lifecycle listener failed to close its scope", ex);
                }
            }
        }
    }
}
