package io.wshandshake.client;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The overall deadlines of connection attempts, of every client, on one shared scheduler thread that exists only
 * while some deadline is pending: no thread per client, and nothing left running when no client connects. A
 * deadline is cancelled, and removed from the queue, when its attempt ends first.
 */
final class ConnectDeadlines {

    /** How long the scheduler's thread waits for a new deadline before it ends. */
    private static final long KEEP_ALIVE_SECONDS = 5;

    private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private ConnectDeadlines() {
    }

    /** Runs {@code expire} once {@code timeout} has passed, unless the returned future is cancelled first. */
    static Future<?> schedule(Runnable expire, Duration timeout) {
        return SCHEDULER.schedule(expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether the scheduler's thread is alive: for tests. */
    static int liveThreads() {
        return SCHEDULER.getPoolSize();
    }

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "handshake-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        return scheduler;
    }
}
