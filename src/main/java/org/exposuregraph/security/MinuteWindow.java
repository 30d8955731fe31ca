package org.exposuregraph.security;

import java.time.Duration;

/**
 * A count that starts again each minute (a fixed window): the requests a key made, the wrong keys an address
 * sent. Times are {@link System#nanoTime()} readings.
 */
final class MinuteWindow {

    static final long NANOS = Duration.ofMinutes(1).toNanos();

    private volatile long start = System.nanoTime();
    private int count;

    /** The count in the window that holds {@code now}. */
    synchronized int count(long now) {
        roll(now);
        return count;
    }

    /** Counts one more in the window that holds {@code now}; returns the new count. */
    synchronized int add(long now) {
        roll(now);
        return ++count;
    }

    /** When the current window began. */
    long start() {
        return start;
    }

    private void roll(long now) {
        if (now - start >= NANOS) {
            start = now;
            count = 0;
        }
    }
}
