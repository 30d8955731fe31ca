package org.exposuregraph.graph;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task in rounds on a daemon thread of its own until closed: the followers of the change record and of the
 * queues kept beside it. While rounds find work they come every {@code interval}; while they find none the wait
 * doubles, up to {@code idleInterval}, so an idle server does not run several database transactions a second;
 * {@link #wake()} starts a round at once (a write in this process). A failed round is logged and the next one tries
 * again: the work is kept in the database, so nothing is lost by a failure.
 */
public final class PollingWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);

    private final String name;
    private final long intervalMillis;
    private final long idleIntervalMillis;
    private final BooleanSupplier round;
    private final Thread thread;
    private boolean woken;
    private volatile boolean closed;

    /** {@code round} returns whether it found work. */
    public PollingWorker(String name, Duration interval, Duration idleInterval, BooleanSupplier round) {
        this.name = name;
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.idleIntervalMillis = Math.max(intervalMillis, idleInterval.toMillis());
        this.round = round;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a round now, or right after the one running. */
    public void wake() {
        synchronized (this) {
            woken = true;
            notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        long delay = intervalMillis;
        try {
            while (!closed) {
                boolean wasWoken;
                synchronized (this) {
                    long until = System.currentTimeMillis() + delay;
                    for (long left = delay; !woken && !closed && left > 0; left = until - System.currentTimeMillis()) {
                        wait(left);
                    }
                    wasWoken = woken;
                    woken = false;
                }
                if (closed) {
                    return;
                }
                // After a wake, work is likely to follow: poll at the busy pace again.
                delay = roundFoundWork() || wasWoken ? intervalMillis : Math.min(delay * 2, idleIntervalMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean roundFoundWork() {
        try {
            return round.getAsBoolean();
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("{} failed; will try again: {}", name, e.toString());
            }
            return false;
        }
    }
}
