package org.exposuregraph.graph;

import java.util.List;
import java.util.function.Function;

import org.exposuregraph.security.CurrentKey;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one door every write to the graph goes through: it runs the write in one transaction, records what it
 * changed in the {@link ChangeLog} in that same transaction, retries the whole transaction on transient failures
 * (deadlocks between concurrent writers, a cluster leader switch), and numbers the entry once committed.
 * The work is run again from the start on a retry, so it must read what it needs inside the transaction.
 */
@Service
public class GraphWriter {

    /** Who writes when no key is behind the call: the operator's own process (command line, seed loader). */
    public static final String OPERATOR = "operator";

    private final TransactionTemplate transactions;
    private final ChangeLog changeLog;
    private final ChangeFeed changeFeed;

    GraphWriter(TransactionTemplate transactions, ChangeLog changeLog, ChangeFeed changeFeed) {
        this.transactions = transactions;
        this.changeLog = changeLog;
        this.changeFeed = changeFeed;
    }

    /**
     * Runs {@code work} in a transaction over the driver; what it records in the change set given to it becomes
     * one change entry. A work that records nothing (a rejected write, a write that changed nothing) adds no entry.
     */
    public <T> T write(String operation, Function<ChangeSet, T> work) {
        String actor = actor();
        boolean[] changed = {false};
        T result = TransientFailures.retry(operation, () -> transactions.execute(status -> {
            ChangeSet changes = new ChangeSet(operation, actor);
            T outcome = work.apply(changes);
            changeLog.append(changes);
            changed[0] = !changes.isEmpty();
            return outcome;
        }));
        if (changed[0]) {
            changeLog.sequence();
            // Read models in this process apply the write before it returns: the caller's next read sees it.
            changeFeed.catchUp();
        }
        return result;
    }

    /** The name of who is writing: the current key's, else {@link #OPERATOR}. */
    public static String actor() {
        return CurrentKey.get().map(key -> key.getName()).orElse(OPERATOR);
    }

    /**
     * A bulk writer's committed facts of one entry, so that read models in this process apply them without reading
     * them back (ChangeFeed#handedOver). Call only after the entry's transaction committed.
     */
    void handOver(ChangeSet committed, List<ChangeFeed.Written> facts) {
        if (!committed.isEmpty()) {
            changeFeed.handOver(committed.id(), facts);
        }
    }

    /** Numbers the entries bulk writers appended in process (they number in rounds, not per batch). */
    public void sequence() {
        changeLog.sequence();
        changeFeed.catchUp();
    }
}
