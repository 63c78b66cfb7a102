package io.wshandshake.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.NegotiatedExtension;
import io.wshandshake.core.SafeText;
import io.wshandshake.observation.HandshakeObservationContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.HandshakeResponse;

import org.springframework.web.socket.WebSocketSession;

/**
 * The state of one connection attempt of a {@link ValidatingWebSocketClient}: the request as sent, the validated
 * result, the overall deadline, and the single end of its observation (success when the session opens, or failure).
 */
final class HandshakeAttempt {

    private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private enum Deadline { RUNNING, DONE, EXPIRED }

    private final ValidatingWebSocketClient client;

    private final URI uri;

    private final HandshakeValidator validator;

    private final Map<String, Object> sessionAttributes;

    private final Observation observation;

    private final HandshakeObservationContext context;

    private final Duration timeout;

    private final AtomicBoolean finished = new AtomicBoolean();

    private final CompletableFuture<WebSocketSession> outcome = new CompletableFuture<>();

    /** Guarded by {@code this}, so the deadline never interrupts a thread that has moved on. */
    private Deadline deadline = Deadline.RUNNING;

    private volatile long deadlineNanos;

    /** Guarded by {@code this}: the thread inside the container's connect, if any. */
    private Thread connectingThread;

    private volatile ClientHandshake sent;

    private volatile HandshakeResult result;

    HandshakeAttempt(ValidatingWebSocketClient client, URI uri, HandshakeValidator validator,
            Map<String, Object> sessionAttributes, Observation observation, HandshakeObservationContext context,
            Duration timeout) {
        this.client = client;
        this.uri = uri;
        this.validator = validator;
        this.sessionAttributes = sessionAttributes;
        this.observation = observation;
        this.context = context;
        this.timeout = timeout;
    }

    /** Replaces the container's key with one from the validator's {@code SecureRandom}, and records what is sent. */
    void beforeRequest(Map<String, List<String>> requestHeaders) {
        removeHeader(requestHeaders, SEC_WEBSOCKET_KEY);
        requestHeaders.put(SEC_WEBSOCKET_KEY, List.of(this.validator.beginClientHandshake().key()));
        this.sent = this.validator.clientHandshake(requestHeaders);
    }

    /**
     * Validates the 101 answer against what was sent. On success the result goes into the session attributes, and
     * the subprotocol and extension headers are rewritten in the canonical form the container's own, weaker parser
     * reads; on failure the {@link HandshakeException} propagates and the container closes the socket.
     */
    void afterResponse(HandshakeResponse response) {
        Map<String, List<String>> headers = response.getHeaders();
        HandshakeResult validated = this.validator.endClientHandshake(this.sent, 101, headers);
        removeHeader(headers, SEC_WEBSOCKET_PROTOCOL);
        validated.subprotocol().ifPresent(subprotocol -> headers.put(SEC_WEBSOCKET_PROTOCOL, List.of(subprotocol)));
        removeHeader(headers, SEC_WEBSOCKET_EXTENSIONS);
        if (!validated.extensions().isEmpty()) {
            headers.put(SEC_WEBSOCKET_EXTENSIONS, List.of(canonical(validated.extensions())));
        }
        HandshakeAttributes.put(this.sessionAttributes, validated);
        this.result = validated;
    }

    /**
     * Starts the attempt on {@code executor} and returns the caller's future. The overall deadline runs from now:
     * when it expires the future fails with a {@link TimeoutException} at once, and the connecting thread is
     * interrupted, which makes Tomcat give up a pending read and close the socket. (A server that keeps sending
     * bytes without end is the exception: Tomcat's read loop does not look at the interrupt while data keeps
     * coming, so that thread stays busy until the server stops; the caller is not kept waiting for it.)
     */
    CompletableFuture<WebSocketSession> start(Executor executor, ConnectDeadlines deadlines,
            ContainerConnect connect, WebSocketSession session) {
        this.deadlineNanos = System.nanoTime() + this.timeout.toNanos();
        deadlines.watch(this);
        // Unwatched when the attempt ends, so a finished attempt is not kept alive until its deadline.
        this.outcome.whenComplete((opened, failure) -> deadlines.unwatch(this));
        try {
            executor.execute(() -> run(connect, session));
        }
        catch (RejectedExecutionException ex) {
            fail(ex);
        }
        return this.outcome;
    }

    private void run(ContainerConnect connect, WebSocketSession session) {
        synchronized (this) {
            if (this.deadline != Deadline.RUNNING) {
                return;
            }
            this.connectingThread = Thread.currentThread();
        }
        try {
            // The observation's scope on the connecting thread: the container's log lines carry its trace id.
            try (Observation.Scope scope = this.observation.openScope()) {
                connect.run();
            }
            this.outcome.complete(session);
        }
        catch (Exception ex) {
            fail(translate(ex));
        }
        catch (Error ex) {
            fail(ex);
            throw ex;
        }
        finally {
            synchronized (this) {
                this.connectingThread = null;
                if (this.deadline == Deadline.RUNNING) {
                    this.deadline = Deadline.DONE;
                }
                else if (this.deadline == Deadline.EXPIRED) {
                    // Clear the interrupt the deadline may have left, so the thread goes on clean.
                    Thread.interrupted();
                }
            }
        }
    }

    boolean isOverdue(long nowNanos) {
        return nowNanos - this.deadlineNanos >= 0;
    }

    void expire() {
        synchronized (this) {
            if (this.deadline != Deadline.RUNNING) {
                return;
            }
            this.deadline = Deadline.EXPIRED;
        }
        // Fail first, so the container's reaction to the interrupt cannot claim the outcome.
        fail(timeout());
        synchronized (this) {
            if (this.connectingThread != null) {
                this.connectingThread.interrupt();
            }
        }
    }

    private void fail(Throwable error) {
        // Record before completing, so whoever waits on the future finds the event and the meter in place.
        if (this.finished.compareAndSet(false, true)) {
            this.observation.error(error);
            this.observation.stop();
            this.client.publish(new HandshakeFailedEvent(this.client, this.uri, error));
        }
        this.outcome.completeExceptionally(error);
    }

    /**
     * The session opened: ends the observation with success. Returns false when the deadline expired first; the
     * caller then closes the session instead of handing it to the application.
     */
    boolean opened(WebSocketSession session) {
        synchronized (this) {
            if (this.deadline == Deadline.EXPIRED) {
                return false;
            }
            this.deadline = Deadline.DONE;
        }
        if (this.finished.compareAndSet(false, true)) {
            this.context.setResponse(this.result);
            this.observation.stop();
            this.client.publish(new HandshakeSucceededEvent(this.client, this.uri, this.result, session));
        }
        return true;
    }

    HandshakeResult result() {
        return this.result;
    }

    /**
     * One taxonomy for callers and metrics: once the request is out, the container's own refusals of the answer
     * (a cause-less {@link DeploymentException}, or a runtime exception from deep inside it, such as the
     * {@code IllegalArgumentException} Tomcat throws on a redirect to a malformed {@code Location}) become
     * handshake errors. A {@link DeploymentException} with a cause is a transport failure and stays as it is.
     */
    private Exception translate(Exception ex) {
        boolean containerRefusal = (ex instanceof DeploymentException && ex.getCause() == null)
                || (ex instanceof RuntimeException && !(ex instanceof HandshakeException));
        if (!containerRefusal || this.sent == null) {
            return ex;
        }
        String reason = SafeText.quote(ex.getMessage());
        if (this.result == null && TomcatSupport.isResponseHeaderLimit(ex.getMessage())) {
            return new HandshakeException(FailureReason.HEADERS_TOO_LARGE, null, "The response headers from "
                    + SafeText.uri(this.uri) + " exceed the container's limit (handshake.max-response-header-size)", ex);
        }
        if (this.result == null) {
            // Tomcat throws before afterResponse for any status but 101 (after following redirects and answering
            // 401 challenges itself) and for a malformed status line.
            return new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null,
                    "The server at " + SafeText.uri(this.uri) + " did not switch protocols: " + reason, ex);
        }
        return new HandshakeException(FailureReason.EXTENSION_PARAMETERS_REJECTED, SEC_WEBSOCKET_EXTENSIONS,
                "The WebSocket container refused the negotiated extensions: " + reason, ex);
    }

    private TimeoutException timeout() {
        return new TimeoutException("WebSocket handshake with " + SafeText.uri(this.uri) + " did not complete within "
                + this.timeout.toMillis() + " ms (handshake.connect.timeout)");
    }

    private static String canonical(List<NegotiatedExtension> extensions) {
        StringBuilder header = new StringBuilder();
        for (NegotiatedExtension extension : extensions) {
            if (header.length() > 0) {
                header.append(", ");
            }
            header.append(extension.answer());
        }
        return header.toString();
    }

    private static void removeHeader(Map<String, List<String>> headers, String name) {
        headers.entrySet().removeIf(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name));
    }

    /** The container's connect call. */
    @FunctionalInterface
    interface ContainerConnect {

        void run() throws Exception;
    }
}
