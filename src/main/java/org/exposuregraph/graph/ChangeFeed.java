package org.exposuregraph.graph;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PreDestroy;
import org.exposuregraph.database.GraphVersion;
import org.exposuregraph.security.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Follows the change record ({@link ChangeLog}) and hands its entries, in {@code seq} order and each exactly once,
 * to in-process listeners such as read models. Two ways in: a poll every {@value #POLL_MILLIS} ms, which brings in
 * what other instances over the same database wrote (and works the same embedded or against a server); while it
 * finds nothing its wait doubles up to {@value #IDLE_POLL_MILLIS} ms, so a write anywhere is still followed within a
 * second. And a nudge from {@link GraphWriter} right after a local write is numbered, which delivers it before the
 * write returns, so a caller that wrote through this instance sees its write in its next read here.
 * <p>
 * A bulk writer in this process may also hand over the facts an entry names, as it committed them
 * ({@link #handedOver}): a read model then applies a 5,000-row import batch without reading it back from the store,
 * which cost as much processor time as writing it. Entries handed over nothing are read back as always.
 * <p>
 * A process that serves no reads (the {@code import} command) turns it off with
 * {@code exposuregraph.change-feed.enabled=false}: nothing is read back, and caches are told of every local write.
 */
@Service
public class ChangeFeed {

    /** Something kept up to date from the change record. Called on one thread at a time, in order. */
    public interface Listener {

        /** Entries numbered after the previous batch, in order. */
        void changed(List<Change> batch);

        /** The graph was written around the change record (test fixtures, repairs): start again from the store. */
        void rebuildNeeded();

        /** Whether it would use facts handed over with entries ({@link #handedOver}) now. */
        default boolean takesHandOver() {
            return false;
        }
    }

    /**
     * A fact exactly as a writer committed it: its kind (a relationship type of {@link Facts}), id, ends and every
     * stored property, as stored (arrays for lists).
     */
    public record Written(String kind, String id, String from, String to, Map<String, Object> properties) {
    }

    static final long POLL_MILLIS = 100;
    static final long IDLE_POLL_MILLIS = 400;
    private static final int BATCH = 500;
    /**
     * Entries whose facts are held until delivered: the sweeper numbers bulk entries about once a second, some ten
     * batches at import speed. Beyond it the oldest go (a hand-over that came after its entry was delivered, too).
     */
    private static final int HANDED_OVER_ENTRIES = 32;
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final ChangeLog changeLog;
    private final GraphVersion graphVersion;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Written>> handedOver = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Written>> eldest) {
                    return size() > HANDED_OVER_ENTRIES;
                }
            });
    private PollingWorker poller;
    /** The last entry handed to the listeners. Listeners start from what they read of the store, so: the record's end. */
    private volatile long delivered;

    /** False in a process that serves no reads: following the record there only cost the writers processor time. */
    private final boolean enabled;

    ChangeFeed(ChangeLog changeLog, GraphVersion graphVersion,
               @Value("${exposuregraph.change-feed.enabled:true}") boolean enabled) {
        this.changeLog = changeLog;
        this.graphVersion = graphVersion;
        this.enabled = enabled;
        this.delivered = changeLog.last();
        if (enabled) {
            poller = new PollingWorker("change-feed", Duration.ofMillis(POLL_MILLIS), Duration.ofMillis(IDLE_POLL_MILLIS),
                    this::poll);
        }
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.close();
        }
    }

    public void register(Listener listener) {
        listeners.add(listener);
    }

    /** True when it delivered anything. */
    private boolean poll() {
        try {
            long before = delivered;
            return catchUp() != before;
        } catch (RuntimeException e) {
            log.debug("Following the change record failed; will try again: {}", e.toString());
            return false;
        }
    }

    /** Delivers every numbered entry not yet delivered; returns the last delivered {@code seq}. */
    public synchronized long catchUp() {
        if (!enabled) {
            graphVersion.changeRecorded(); // nothing delivered, so whatever a cache holds may be stale
            return delivered;
        }
        for (List<Change> batch = next(); !batch.isEmpty(); batch = next()) {
            for (Listener listener : listeners) {
                listener.changed(batch);
            }
            delivered = batch.get(batch.size() - 1).seq();
            batch.forEach(change -> handedOver.remove(change.id()));
            graphVersion.changeRecorded();
        }
        return delivered;
    }

    /** Holds an entry's committed facts for the listeners, if one of them would use them (see {@link #handedOver}). */
    void handOver(String entryId, List<Written> facts) {
        if (enabled && listeners.stream().anyMatch(Listener::takesHandOver)) {
            handedOver.put(entryId, facts);
        }
    }

    /**
     * The facts handed over with {@code change}, as committed, or null: read them from the store. For a listener
     * while the entry is delivered to it; every fact the entry names of the kinds handed over is among them.
     */
    public List<Written> handedOver(Change change) {
        return change.id() == null ? null : handedOver.get(change.id());
    }

    private List<Change> next() {
        return changeLog.after(delivered, BATCH, Visibility.EVERYTHING);
    }

    /** After writes that bypassed the change record: every listener starts again from the store. */
    public synchronized void rebuildAll() {
        delivered = changeLog.last();
        handedOver.clear();
        listeners.forEach(Listener::rebuildNeeded);
        graphVersion.changeRecorded();
    }
}
