package io.wshandshake.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The overall deadlines of connection attempts, of every client, watched by one shared thread that ticks only while
 * some deadline is pending: no thread per client, nothing left running when no client connects, and no timer and no
 * thread woken per connect (starting and ending an attempt only adds it to and removes it from a set; a timer per
 * connect cost 6% of a sequential connect, see docs/benchmarks.md). A deadline is kept to within one tick.
 * <p>
 * Process-wide on purpose: a thread per client is what this replaces.
 */
final class ConnectDeadlines {

    private static final Log logger = LogFactory.getLog(ConnectDeadlines.class);

    /** How often pending deadlines are looked at. */
    static final long TICK_MILLIS = 10;

    /** How long the thread waits for work once no deadline is pending, before it ends. */
    private static final long KEEP_ALIVE_SECONDS = 5;

    private static final Set<Deadline> PENDING = ConcurrentHashMap.newKeySet();

    private static final AtomicBoolean TICKING = new AtomicBoolean();

    private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

    private ConnectDeadlines() {
    }

    /** Runs {@code expire} once {@code timeout} has passed (within a tick), unless the deadline is cancelled first. */
    static Deadline schedule(Runnable expire, Duration timeout) {
        Deadline deadline = new Deadline(expire, System.nanoTime() + timeout.toNanos());
        PENDING.add(deadline);
        if (!TICKING.get() && TICKING.compareAndSet(false, true)) {
            SCHEDULER.schedule(ConnectDeadlines::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return deadline;
    }

    private static void tick() {
        long now = System.nanoTime();
        for (Deadline deadline : PENDING) {
            if (now - deadline.nanos >= 0 && PENDING.remove(deadline)) {
                try {
                    deadline.expire.run();
                }
                catch (RuntimeException ex) {
                    // One attempt's failure to expire must not stop the ticking for the others.
                    logger.warn("Could not expire a WebSocket connection attempt", ex);
                }
            }
        }
        if (PENDING.isEmpty()) {
            TICKING.set(false);
            // A deadline added since the look above must not be left without a tick.
            if (PENDING.isEmpty() || !TICKING.compareAndSet(false, true)) {
                return;
            }
        }
        SCHEDULER.schedule(ConnectDeadlines::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor scheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "handshake-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        return scheduler;
    }

    /** One attempt's deadline. */
    static final class Deadline {

        private final Runnable expire;

        private final long nanos;

        Deadline(Runnable expire, long nanos) {
            this.expire = expire;
            this.nanos = nanos;
        }

        /** The attempt ended first: forget the deadline. */
        void cancel() {
            PENDING.remove(this);
        }
    }
}
