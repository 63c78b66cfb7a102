package io.wshandshake.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.SafeText;
import jakarta.websocket.DeploymentException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.WebSocketSession;

/**
 * The lifecycle of one connection attempt, whatever the transport: started, the request sent, the answer validated,
 * then exactly one end, decided by one atomic step: opened, failed, expired at the overall deadline, or cancelled at
 * the client's shutdown. The caller's future, the listeners (observation, events, gauge) and the handler's callbacks
 * all follow that one end, so they always tell the same story.
 */
final class HandshakeAttempt {

    private static final Log logger = LogFactory.getLog(HandshakeAttempt.class);

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** How an attempt ended. */
    enum End { OPENED, FAILED, EXPIRED, CANCELLED }

    private final HandshakeAttemptContext context;

    private final List<HandshakeLifecycleListener> listeners;

    private final Consumer<HandshakeAttempt> onEnd;

    private final Duration timeout;

    private final int maxRedirects;

    private final AtomicReference<End> end = new AtomicReference<>();

    private final CompletableFuture<WebSocketSession> future = new CompletableFuture<>();

    /** Guarded by {@code this}: the thread inside the container's connect, if any. */
    private Thread connectingThread;

    /** Guarded by {@code this}: whether the end interrupted the connecting thread. */
    private boolean interrupted;

    private volatile ConnectDeadlines.Deadline deadline;

    private volatile ClientHandshake sent;

    private volatile HandshakeResult result;

    private volatile HandshakeException rejected;

    HandshakeAttempt(HandshakeAttemptContext context, List<HandshakeLifecycleListener> listeners,
            Consumer<HandshakeAttempt> onEnd, Duration timeout, int maxRedirects) {
        this.context = context;
        this.listeners = listeners;
        this.onEnd = onEnd;
        this.timeout = timeout;
        this.maxRedirects = maxRedirects;
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
     */
    boolean opened(WebSocketSession session) {
        if (!end(End.OPENED)) {
            return false;
        }
        HandshakeResult validated = this.result;
        notify(listener -> listener.attemptOpened(this.context, validated, session));
        return true;
    }

    /** The session this attempt opened has closed. */
    void sessionClosed(WebSocketSession session) {
        notify(listener -> listener.sessionClosed(this.context, session));
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
     * One taxonomy for callers and metrics: once the request is out, the container's own refusals of the answer
     * (a cause-less {@link DeploymentException}, or a runtime exception from deep inside it, such as the
     * {@code IllegalArgumentException} Tomcat throws on a redirect to a malformed {@code Location}) become
     * handshake errors. Anything else is a transport failure. Either way the container's exception is handed out
     * only as a {@link RedactedException}: its messages carry the whole URI, credentials included, and text the
     * server chose.
     */
    private Exception translate(Exception ex) {
        if (ex instanceof HandshakeException) {
            return ex;
        }
        HandshakeException wrapped = wrappedHandshakeException(ex);
        if (wrapped != null) {
            // Jetty wraps what afterResponse throws: DeploymentException > UpgradeException > WebSocketException.
            return wrapped;
        }
        URI uri = this.context.uri();
        Redaction redaction = new Redaction(uri);
        RedactedException redacted = redaction.exception(ex);
        HandshakeException jettyRefusal = JettySupport.refusal(ex, uri, this.rejected, this.result != null,
                redacted);
        if (jettyRefusal != null) {
            return jettyRefusal;
        }
        boolean containerRefusal = (ex instanceof DeploymentException && ex.getCause() == null)
                || ex instanceof RuntimeException;
        if (!containerRefusal || this.sent == null) {
            return redacted;
        }
        String reason = redaction.text(ex.getMessage());
        if (this.result == null && TomcatSupport.isResponseHeaderLimit(ex.getMessage())) {
            return new HandshakeException(FailureReason.HEADERS_TOO_LARGE, null, "The response headers from "
                    + SafeText.uri(uri) + " exceed the container's limit (handshake.max-response-header-size)",
                    redacted);
        }
        String location = TomcatSupport.redirectLocation(ex.getMessage());
        if (this.result == null && location != null) {
            return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, "The server at "
                    + SafeText.uri(uri) + " answered with a redirect (3xx) to " + redaction.text(location)
                    + ", and the client follows at most " + this.maxRedirects
                    + " (handshake.connect.max-redirects)", redacted);
        }
        if (this.result == null) {
            // Tomcat throws before afterResponse for any status but 101 (after answering 401 challenges itself)
            // and for a malformed status line.
            return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null,
                    "The server at " + SafeText.uri(uri) + " did not switch protocols: " + reason, redacted);
        }
        return new HandshakeException(FailureReason.EXTENSION_PARAMETERS_REJECTED, SEC_WEBSOCKET_EXTENSIONS,
                "The WebSocket container refused the negotiated extensions: " + reason, redacted);
    }

    private static HandshakeException wrappedHandshakeException(Throwable ex) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
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
