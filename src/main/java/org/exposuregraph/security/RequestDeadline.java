package org.exposuregraph.security;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The deadline of the request the current thread works for ({@code exposuregraph.security.limits.deadline}), so
 * the database transactions it opens can carry the time left as their timeout and the database stops their
 * work at the deadline (graph.ReadTransactions). Set around each GraphQL data fetch; absent elsewhere.
 */
public final class RequestDeadline {

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private RequestDeadline() {
    }

    /** Runs {@code work} on this thread under the deadline {@code deadlineNanos} (of {@link System#nanoTime()}). */
    static <T> T within(long deadlineNanos, Callable<T> work) throws Exception {
        Long outer = DEADLINE_NANOS.get();
        DEADLINE_NANOS.set(outer == null ? deadlineNanos : Math.min(outer, deadlineNanos));
        try {
            return work.call();
        } finally {
            if (outer == null) {
                DEADLINE_NANOS.remove();
            } else {
                DEADLINE_NANOS.set(outer);
            }
        }
    }

    /** The time left before the current request's deadline (zero or negative once past it), or null when none. */
    public static Duration remaining() {
        Long deadline = DEADLINE_NANOS.get();
        return deadline == null ? null : Duration.ofNanos(deadline - System.nanoTime());
    }
}
