package org.exposuregraph.graph;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.exposuregraph.security.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Follows the change record ({@link ChangeLog}) and hands its entries, in {@code seq} order and each exactly once,
 * to in-process listeners such as read models. Two ways in: a poll every {@value #POLL_MILLIS} ms, which brings in
 * what other instances over the same database wrote (and works the same embedded or against a server), and a
 * nudge from {@link GraphWriter} right after a local write is numbered, which delivers it before the write
 * returns, so a caller that wrote through this instance sees its write in its next read here.
 */
@Service
public class ChangeFeed {

    /** Something kept up to date from the change record. Called on one thread at a time, in order. */
    public interface Listener {

        /** Entries numbered after the previous batch, in order. */
        void changed(List<Change> batch);

        /** The graph was written around the change record (test fixtures, repairs): start again from the store. */
        void rebuildNeeded();
    }

    static final long POLL_MILLIS = 100;
    private static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final ChangeLog changeLog;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "change-feed");
        thread.setDaemon(true);
        return thread;
    });
    /** The last entry handed to the listeners. Listeners start from what they read of the store, so: the record's end. */
    private long delivered;

    ChangeFeed(ChangeLog changeLog) {
        this.changeLog = changeLog;
        this.delivered = changeLog.last();
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    public void register(Listener listener) {
        listeners.add(listener);
    }

    private void poll() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            log.debug("Following the change record failed; will try again: {}", e.toString());
        }
    }

    /** Delivers every numbered entry not yet delivered; returns the last delivered {@code seq}. */
    public synchronized long catchUp() {
        for (List<Change> batch = next(); !batch.isEmpty(); batch = next()) {
            for (Listener listener : listeners) {
                listener.changed(batch);
            }
            delivered = batch.get(batch.size() - 1).seq();
        }
        return delivered;
    }

    private List<Change> next() {
        return changeLog.after(delivered, BATCH, Visibility.EVERYTHING);
    }

    /** After writes that bypassed the change record: every listener starts again from the store. */
    public synchronized void rebuildAll() {
        delivered = changeLog.last();
        listeners.forEach(Listener::rebuildNeeded);
    }
}
