package io.wshandshake.client.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.wshandshake.client.HandshakeAttemptContext;
import io.wshandshake.client.HandshakeLifecycleListener;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.SafeText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One connection attempt of a reactive client, whatever its transport: started, the request sent, the answer
 * validated or refused, then exactly one end (opened, or failed: a refusal, a transport failure, the deadline, or the
 * subscriber's cancel), decided by one atomic step. The listeners hear the same story as for the servlet client.
 */
final class ReactiveHandshakeAttempt {

    private static final Log logger = LogFactory.getLog(ReactiveHandshakeAttempt.class);

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private final HandshakeAttemptContext context;

    private final List<HandshakeLifecycleListener> listeners;

    private final AtomicBoolean ended = new AtomicBoolean();

    private volatile @Nullable ClientHandshake sent;

    private volatile @Nullable HandshakeResult result;

    private volatile @Nullable HandshakeException rejected;

    ReactiveHandshakeAttempt(HandshakeAttemptContext context, List<HandshakeLifecycleListener> listeners) {
        this.context = context;
        this.listeners = listeners;
        notify(listener -> listener.attemptStarted(context));
    }

    HandshakeAttemptContext context() {
        return this.context;
    }

    /** The request went out with this key and these offers. */
    void requestSent(ClientHandshake sent) {
        this.sent = sent;
    }

    @Nullable ClientHandshake sent() {
        return this.sent;
    }

    /** The answer passed validation. */
    void validated(HandshakeResult result) {
        this.result = result;
    }

    @Nullable HandshakeResult result() {
        return this.result;
    }

    /** The answer failed validation: whatever the transport then fails with, this is the attempt's failure. */
    void rejected(HandshakeException rejected) {
        this.rejected = rejected;
    }

    @Nullable HandshakeException rejected() {
        return this.rejected;
    }

    boolean hasEnded() {
        return this.ended.get();
    }

    /**
     * The validated session opened, before the handler runs: the attempt ends as opened unless it already ended
     * (then false, and the caller closes the connection without running the handler).
     */
    boolean opened() {
        HandshakeResult validated = this.result;
        if (validated == null || !this.ended.compareAndSet(false, true)) {
            return false;
        }
        notify(listener -> listener.attemptOpened(this.context, validated));
        return true;
    }

    /** Fails the attempt with {@code failure} unless it already ended; true if this ended it. */
    boolean fail(Throwable failure) {
        if (!this.ended.compareAndSet(false, true)) {
            return false;
        }
        notify(listener -> listener.attemptFailed(this.context, failure));
        return true;
    }

    /**
     * Refuses a {@code Sec-WebSocket-Extensions} header among the caller's request headers (the context's): a
     * reactive client runs only the extensions it offers itself.
     * @param refusal what the caller is told: which client, and where its offers are set instead
     * @return a {@code Mono} failed with an {@link IllegalArgumentException} carrying {@code refusal}, this attempt
     * failed with it too; or {@code null} when the caller sent no such header
     */
    @Nullable Mono<Void> refuseCallerExtensions(String refusal) {
        if (!this.context.requestHeaders().containsHeader(SEC_WEBSOCKET_EXTENSIONS)) {
            return null;
        }
        IllegalArgumentException refused = new IllegalArgumentException(refusal);
        fail(refused);
        return Mono.error(refused);
    }

    /**
     * The deadline came: fails this attempt with a {@link TimeoutException} naming the URI and
     * {@code connectTimeout}, unless it already ended.
     * @param connectTimeout the deadline that passed, for the message
     * @return a {@code Mono} failed with that exception, or one that never signals when the attempt had already ended
     * (its end decides the outcome)
     */
    Mono<Void> expire(Duration connectTimeout) {
        TimeoutException timeout = new TimeoutException("WebSocket handshake with " + SafeText.uri(this.context.uri())
                + " did not complete within " + connectTimeout.toMillis() + " ms (handshake.connect.timeout)");
        return fail(timeout) ? Mono.error(timeout) : Mono.never();
    }

    /** The session this attempt opened has closed. */
    void sessionClosed() {
        notify(listener -> listener.sessionClosed(this.context));
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
}
