package org.exposuregraph.database;

import java.util.function.Function;

import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * The embedded database's own transaction API, for bulk writes that should not pay for Bolt round trips.
 * Exists only in the embedded mode; with {@code spring.neo4j.uri} set there is no such bean and bulk
 * writers fall back to the driver.
 */
public final class InProcessGraph {

    private final GraphDatabaseService database;

    InProcessGraph(GraphDatabaseService database) {
        this.database = database;
    }

    /** Runs {@code work} in one transaction and commits it; an exception rolls the whole transaction back. */
    public <T> T inTransaction(Function<Transaction, T> work) {
        try (Transaction tx = database.beginTx()) {
            T result = work.apply(tx);
            tx.commit();
            return result;
        }
    }
}
