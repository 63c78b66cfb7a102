package io.wshandshake.client;

import java.net.URI;
import java.util.Optional;

import io.wshandshake.core.HandshakeException;
import io.wshandshake.observation.HandshakeOutcome;

/**
 * A connection attempt failed, in the handshake or in the transport before or around it.
 *
 * @since 0.1.0
 */
public final class HandshakeFailedEvent extends HandshakeEvent {

    private final Throwable failure;

    public HandshakeFailedEvent(Object source, URI uri, Throwable failure) {
        super(source, uri);
        this.failure = failure;
    }

    /** What the future returned by {@code execute} failed with. */
    public Throwable getFailure() {
        return this.failure;
    }

    /** The handshake error, empty for a transport failure. */
    public Optional<HandshakeException> getHandshakeException() {
        return HandshakeException.find(this.failure);
    }

    /** The outcome as the metrics tag it. */
    public HandshakeOutcome getOutcome() {
        return HandshakeOutcome.ofFailure(this.failure);
    }

    @Override
    public String toString() {
        return "HandshakeFailedEvent[uri=" + getUri() + ", outcome=" + getOutcome() + ", failure=" + this.failure
                + "]";
    }
}
