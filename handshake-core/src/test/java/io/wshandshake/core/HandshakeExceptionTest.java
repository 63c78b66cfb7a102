package io.wshandshake.core;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeExceptionTest {

    private final HandshakeException notOffered = new HandshakeException(FailureReason.SUBPROTOCOL_NOT_OFFERED,
            "Sec-WebSocket-Protocol", "not offered");

    @Test
    void findsItselfAndThroughTheWrappersOfFuturesAndTransports() {
        assertThat(HandshakeException.find(this.notOffered)).containsSame(this.notOffered);
        assertThat(HandshakeException.find(new ExecutionException(this.notOffered))).containsSame(this.notOffered);
        assertThat(HandshakeException.find(
                new CompletionException(new IOException("handshake failed", this.notOffered))))
                .containsSame(this.notOffered);
    }

    @Test
    void findsTheNearestOfSeveral() {
        HandshakeException outer = new HandshakeException(FailureReason.ACCEPT_MISMATCH, "Sec-WebSocket-Accept",
                "mismatch", this.notOffered);
        assertThat(HandshakeException.find(new ExecutionException(outer))).containsSame(outer);
    }

    @Test
    void findsNothingInATransportFailureNorInNull() {
        assertThat(HandshakeException.find(new ExecutionException(new IOException("Connection refused")))).isEmpty();
        assertThat(HandshakeException.find(null)).isEmpty();
    }

    @Test
    void searchesTheCauseChainOnlyNotSuppressedExceptions() {
        IOException transport = new IOException("reset");
        transport.addSuppressed(this.notOffered);
        assertThat(HandshakeException.find(transport)).isEmpty();
    }

    @Test
    void endsOnACauseChainThatLoops() {
        IOException first = new IOException("first");
        IOException second = new IOException("second", first);
        first.initCause(second);
        assertThat(HandshakeException.find(new ExecutionException(first))).isEmpty();
    }

    @Test
    void findsOneDeeperThanAnyFixedLimitWouldReach() {
        Throwable failure = this.notOffered;
        for (int i = 0; i < 100; i++) {
            failure = new RuntimeException(failure);
        }
        assertThat(HandshakeException.find(failure)).containsSame(this.notOffered);
    }
}
