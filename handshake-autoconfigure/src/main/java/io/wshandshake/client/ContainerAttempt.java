package io.wshandshake.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.SafeText;
import jakarta.websocket.Endpoint;

import org.springframework.http.HttpHeaders;

/**
 * One connection attempt on a {@link ValidatingWebSocketClient}'s JSR-356 container for an endpoint built elsewhere:
 * how the reactive JSR-356 client ({@code io.wshandshake.client.reactive.ValidatingStandardWebSocketClient}) reuses
 * everything the servlet client knows about Tomcat's and Jetty's containers: the key and offers sent and the answer
 * validated by the configurator before the container opens a session, the container's user properties, the overall
 * deadline (handshake only), the taxonomy of the container's own refusals, the listeners (observation, gauge,
 * events) and the shutdown. Applications use the clients, not this.
 *
 * @since 0.3.0
 */
public final class ContainerAttempt {

    /**
     * What a reactive attempt's {@code client} tag puts before the container's word: {@code reactive-tomcat},
     * {@code reactive-jetty}.
     */
    public static final String REACTIVE_KIND_PREFIX = "reactive-";

    private final ValidatingWebSocketClient client;

    private final HandshakeAttempt attempt;

    private final HttpHeaders headers;

    private ContainerAttempt(ValidatingWebSocketClient client, HandshakeAttempt attempt, HttpHeaders headers) {
        this.client = client;
        this.attempt = attempt;
        this.headers = headers;
    }

    /**
     * Starts an attempt on {@code client} (the listeners hear it start, and may add request headers to
     * {@code headers}); it has already failed if the URI has no host or the client was shut down.
     * @param headers the caller's request headers, sent as given (except {@code Sec-WebSocket-Key}, always the
     * client's own)
     */
    public static ContainerAttempt start(ValidatingWebSocketClient client, URI uri, HttpHeaders headers) {
        Objects.requireNonNull(client, "client");
        return new ContainerAttempt(client, client.newAttempt(uri, headers, REACTIVE_KIND_PREFIX + client.clientKind()),
                headers);
    }

    /**
     * Connects {@code endpoint} on the client's connect executor, or on {@code fallback} when the client has none,
     * under the overall deadline, which runs from now. The container calls the endpoint's {@code onOpen} only for a
     * validated answer; that {@code onOpen} must call {@link #opened()} before it runs any handler.
     * @param subprotocols the subprotocols to offer, in order of preference; empty for the validator's
     */
    public void connect(Endpoint endpoint, List<String> subprotocols, Executor fallback) {
        this.client.connect(this.attempt, endpoint, this.headers, subprotocols, fallback);
    }

    /**
     * Completes (with {@code null}) once the container's connect returned after the session opened; fails with the
     * attempt's failure: a {@link io.wshandshake.core.HandshakeException} for a refused answer, a
     * {@link java.util.concurrent.TimeoutException} at the deadline, a {@link RedactedException} for a transport
     * failure.
     */
    public CompletableFuture<?> future() {
        return this.attempt.future();
    }

    /** The validated answer, once validation passed. */
    public Optional<HandshakeResult> result() {
        return Optional.ofNullable(this.attempt.result());
    }

    /**
     * The validated session opened, before its handler runs: true if this ended the attempt as opened; false if it
     * had already ended (the deadline, a cancel, the shutdown), and then the caller closes the session without
     * running the handler.
     */
    public boolean opened() {
        return this.attempt.result() != null && this.attempt.opened(null);
    }

    /** The session this attempt opened has closed. */
    public void sessionClosed() {
        this.attempt.sessionClosed(null);
    }

    /**
     * Fails the attempt with {@code failure} (the caller found its request unfit to send), unless it already ended;
     * a later {@link #connect} then does nothing.
     */
    public void fail(Throwable failure) {
        this.attempt.fail(failure);
    }

    /** The caller gave up (a reactive subscriber's cancel): fails the attempt unless it already ended. */
    public void cancel() {
        this.attempt.fail(new CancellationException("The subscriber cancelled the WebSocket handshake with "
                + SafeText.uri(this.attempt.context().uri())));
    }
}
