package org.exposuregraph.graph;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * The one retry rule of the write path and of reads (see {@link ReadTransactions}): a transaction that failed for a reason that may pass (a deadlock, a
 * lock wait, a cluster leader switch, a lost connection) is run again, whole, after a short randomised backoff
 * that doubles up to a bound. Anything else fails at once.
 */
public final class TransientFailures {

    private static final Logger log = LoggerFactory.getLogger(TransientFailures.class);
    /** Attempts in all; with the backoff below they span about 10 s. */
    static final int MAX_ATTEMPTS = 12;
    static final long FIRST_BACKOFF_MILLIS = 20;
    static final long MAX_BACKOFF_MILLIS = 2_000;

    private TransientFailures() {
    }

    /** Runs {@code work} until it succeeds, fails for good, or has failed transiently {@value #MAX_ATTEMPTS} times. */
    public static <T> T retry(String what, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                long bound = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 16));
                long pause = ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
                log.debug("{}: attempt {} failed transiently ({}); again in {} ms", what, attempt, e, pause);
                sleep(pause);
            }
        }
    }

    /** Whether the failure, or any of its causes, is one that running the same transaction again may avoid. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof ConcurrencyFailureException
                    || t instanceof org.neo4j.driver.exceptions.TransientException
                    || t instanceof org.neo4j.driver.exceptions.SessionExpiredException
                    || t instanceof org.neo4j.driver.exceptions.ServiceUnavailableException
                    || t instanceof org.neo4j.graphdb.TransientFailureException) {
                return true;
            }
            if (t instanceof org.neo4j.driver.exceptions.Neo4jException e && e.code() != null
                    && e.code().startsWith("Neo.TransientError.")) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a transaction", e);
        }
    }
}
