package io.wshandshake.client;

import io.wshandshake.core.HandshakeResult;

import org.springframework.web.socket.WebSocketSession;

/**
 * Listens to the lifecycle of every connection attempt of a {@link ValidatingWebSocketClient}: how observations,
 * events and the session gauge attach to the client from outside. Each attempt starts once, may run a connect on a
 * connecting thread, and then ends exactly once: opened, or failed (a handshake refusal, a transport failure, the
 * overall deadline, or the client's shutdown). A session that opened later closes once.
 * <p>
 * Callbacks run on the thread that drives the attempt (the caller's, a connect thread, the deadline scheduler or the
 * container's); an exception from a listener is logged and does not change the attempt. Keep them short.
 *
 * @since 0.1.0
 */
public interface HandshakeLifecycleListener {

    /**
     * The attempt started, before the upgrade request is built: a listener may add request headers (such as
     * {@code traceparent}) to {@link HandshakeAttemptContext#requestHeaders()}.
     */
    default void attemptStarted(HandshakeAttemptContext attempt) {
    }

    /**
     * The connect is about to run on the current thread; the returned scope is closed on the same thread when the
     * connect returns (for an observation scope, so the container's log lines carry the trace id).
     */
    default Scope connecting(HandshakeAttemptContext attempt) {
        return Scope.NOOP;
    }

    /**
     * The handshake was validated and the session opened, before the handler's {@code afterConnectionEstablished}.
     * By default calls {@link #attemptOpened(HandshakeAttemptContext, HandshakeResult)}.
     */
    default void attemptOpened(HandshakeAttemptContext attempt, HandshakeResult result, WebSocketSession session) {
        attemptOpened(attempt, result);
    }

    /**
     * The handshake was validated and the session opened, whatever the client: the servlet client calls it through
     * the three-argument form; a reactive client (whose session is WebFlux's, of another type) calls it directly,
     * before its handler runs. Override this one for what does not need the session.
     * @since 0.3.0
     */
    default void attemptOpened(HandshakeAttemptContext attempt, HandshakeResult result) {
    }

    /** The attempt failed with {@code failure}, the exception the caller's future fails with. */
    default void attemptFailed(HandshakeAttemptContext attempt, Throwable failure) {
    }

    /**
     * The session this attempt opened has closed, whichever side closed it. By default calls
     * {@link #sessionClosed(HandshakeAttemptContext)}.
     */
    default void sessionClosed(HandshakeAttemptContext attempt, WebSocketSession session) {
        sessionClosed(attempt);
    }

    /**
     * The session this attempt opened has closed, whatever the client (see
     * {@link #attemptOpened(HandshakeAttemptContext, HandshakeResult)}).
     * @since 0.3.0
     */
    default void sessionClosed(HandshakeAttemptContext attempt) {
    }

    /** Something open on the connecting thread during the connect. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {

        /** Nothing to close. */
        Scope NOOP = () -> {
        };

        @Override
        void close();
    }
}
