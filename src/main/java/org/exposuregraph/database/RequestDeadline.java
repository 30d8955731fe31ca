package org.exposuregraph.database;

import java.util.function.Supplier;

/**
 * The deadline of the request the current thread works for: database transactions begun under it get at most
 * the time left as their timeout, so the database stops them when the request's time is up.
 */
public final class RequestDeadline {

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private RequestDeadline() {
    }

    /** Runs {@code work} with the deadline {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    public static <T> T within(long deadlineNanos, Supplier<T> work) {
        Long outer = DEADLINE_NANOS.get();
        DEADLINE_NANOS.set(outer == null ? deadlineNanos : Math.min(outer, deadlineNanos));
        try {
            return work.get();
        } finally {
            if (outer == null) {
                DEADLINE_NANOS.remove();
            } else {
                DEADLINE_NANOS.set(outer);
            }
        }
    }

    /** Whole seconds left (at least 1), or -1 when the thread works under no deadline. */
    static int secondsLeft() {
        Long deadline = DEADLINE_NANOS.get();
        if (deadline == null) {
            return -1;
        }
        long nanos = deadline - System.nanoTime();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
