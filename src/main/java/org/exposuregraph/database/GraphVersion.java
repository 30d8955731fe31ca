package org.exposuregraph.database;

import java.util.function.LongSupplier;

/**
 * A number that changes whenever anything is committed to the graph, so analytics may cache an answer
 * computed on read and trust it until the next write. Embedded: the id of the last committed
 * transaction (read-only transactions do not move it). Against an external server no such number is
 * available cheaply, and {@link #current()} returns {@link #UNKNOWN}: callers must not cache.
 */
public final class GraphVersion {

    public static final long UNKNOWN = -1;

    private final LongSupplier lastCommittedTransaction;

    GraphVersion(LongSupplier lastCommittedTransaction) {
        this.lastCommittedTransaction = lastCommittedTransaction;
    }

    /** The current version, or {@link #UNKNOWN} when answers must not be cached. */
    public long current() {
        return lastCommittedTransaction.getAsLong();
    }

    public boolean known() {
        return current() != UNKNOWN;
    }
}
