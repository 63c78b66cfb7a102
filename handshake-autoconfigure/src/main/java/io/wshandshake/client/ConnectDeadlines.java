package io.wshandshake.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Expires connection attempts that pass their overall deadline. One thread looks at the attempts in progress every
 * tick (a twentieth of the timeout, from 10 to 100 ms), so starting and ending an attempt only adds it to and removes
 * it from a set: no timer per connect, and no thread woken per connect. A deadline is kept to within one tick.
 */
final class ConnectDeadlines {

    private final Set<HandshakeAttempt> active = ConcurrentHashMap.newKeySet();

    private final ScheduledThreadPoolExecutor ticker;

    ConnectDeadlines(Duration timeout) {
        long tick = Math.max(10, Math.min(100, timeout.toMillis() / 20));
        this.ticker = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "handshake-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.ticker.scheduleAtFixedRate(this::expireOverdue, tick, tick, TimeUnit.MILLISECONDS);
    }

    void watch(HandshakeAttempt attempt) {
        this.active.add(attempt);
    }

    void unwatch(HandshakeAttempt attempt) {
        this.active.remove(attempt);
    }

    private void expireOverdue() {
        long now = System.nanoTime();
        for (HandshakeAttempt attempt : this.active) {
            if (attempt.isOverdue(now) && this.active.remove(attempt)) {
                attempt.expire();
            }
        }
    }

    void stop() {
        this.ticker.shutdownNow();
    }
}
