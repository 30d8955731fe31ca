package org.exposuregraph.database;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.neo4j.graphdb.GraphDatabaseService;

import org.neo4j.graphdb.event.LabelEntry;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;
import org.neo4j.graphdb.event.TransactionEventListenerAdapter;
import org.neo4j.graphdb.Node;

/**
 * A number that changes whenever something the analyses read is committed to the graph, so answers
 * computed on read may be cached and trusted until the next such write. Embedded: a counter moved by a
 * transaction listener after every commit that touches anything but bookkeeping nodes (the audit
 * log's {@code AuditEvent}s, written on every read, would otherwise make every cache useless). It
 * covers every writer — imports, hand edits, other modules' mutations — without their cooperation.
 * Against an external server no listener can be registered, and other instances write too: the version
 * follows the change record instead ({@link #changeRecorded()}, called by its follower for every batch of
 * entries it delivers, whichever instance wrote them), so every instance caches and drops what it cached
 * within the follower's poll of a write anywhere.
 */
public final class GraphVersion {

    public static final long UNKNOWN = -1;
    /** Labels of nodes that no analysis reads; transactions touching only these leave the version alone. */
    static final Set<String> BOOKKEEPING_LABELS = Set.of("AuditEvent", "__Neo4jMigration", "__Neo4jMigrationsLock",
            // The change record: its entries are written beside real changes, and numbering them changes nothing read.
            "Change", "Unsequenced",
            // Alerting's own records (package alert): watches, alerts, their delivery queue and cursor.
            "Watch", "Alert", "AlertCursor", "Webhook", "WebhookDelivery");

    private final AtomicLong version;
    private final TransactionEventListener<Object> listener = new TransactionEventListenerAdapter<>() {
        @Override
        public void afterCommit(TransactionData data, Object state, GraphDatabaseService databaseService) {
            committed(data);
        }
    };
    /** Moved by the change record's follower rather than by a commit listener. */
    private final boolean followsChangeRecord;
    private final Consumer<TransactionEventListener<?>> register;
    private final Consumer<TransactionEventListener<?>> unregister;
    private final Object bulkWritesLock = new Object();
    /** Bulk writes in progress: while there are any, the version is unknown. */
    private volatile int bulkWrites;
    /** The caches that trust this version, for their metrics ({@link CacheMetrics}). */
    private final List<VersionedCache<?, ?>> caches = new CopyOnWriteArrayList<>();

    private GraphVersion(AtomicLong version, boolean followsChangeRecord, Consumer<TransactionEventListener<?>> register,
                         Consumer<TransactionEventListener<?>> unregister) {
        this.version = version;
        this.followsChangeRecord = followsChangeRecord;
        this.register = register;
        this.unregister = unregister;
    }

    /** For a server: a version moved only by {@link #changeRecorded()}. */
    static GraphVersion followingTheChangeRecord() {
        return new GraphVersion(new AtomicLong(), true, listener -> { }, listener -> { });
    }

    /** A version moved by a commit listener, which it registers with {@code register} now. */
    static GraphVersion tracked(Consumer<TransactionEventListener<?>> register, Consumer<TransactionEventListener<?>> unregister) {
        GraphVersion version = new GraphVersion(new AtomicLong(), false, register, unregister);
        register.accept(version.listener);
        return version;
    }

    /** The current version, or {@link #UNKNOWN} when answers must not be cached. */
    public long current() {
        return bulkWrites > 0 ? UNKNOWN : version.get();
    }

    /**
     * For a bulk import: until closed, the commit listener is off and the version is {@link #UNKNOWN}, so nothing
     * is cached; closing moves the version. A listener makes the database copy every transaction's changes for
     * it before the commit, a twentieth of a bulk import's time, for a version that nobody may trust meanwhile.
     */
    public BulkWrite bulkWrite() {
        synchronized (bulkWritesLock) {
            if (bulkWrites++ == 0) {
                unregister.accept(listener);
            }
        }
        return this::bulkWriteDone;
    }

    private void bulkWriteDone() {
        synchronized (bulkWritesLock) {
            if (bulkWrites == 1) {
                register.accept(listener);
                version.incrementAndGet();
            }
            bulkWrites--;
        }
    }

    /** An open bulk write; closing it turns the version back on. */
    @FunctionalInterface
    public interface BulkWrite extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The change record's follower delivered entries, or writes went around it: moves a version that follows the
     * record. A tracked version moved at the commit already (its listener also sees writes around the record).
     */
    public void changeRecorded() {
        if (followsChangeRecord) {
            version.incrementAndGet();
        }
    }

    /** Called after each commit: moves the version unless the transaction only wrote bookkeeping nodes. */
    void committed(TransactionData data) {
        boolean ignorable;
        try {
            ignorable = onlyBookkeeping(data);
        } catch (RuntimeException e) {
            ignorable = false; // when in doubt, the answer is stale
        }
        if (!ignorable) {
            version.incrementAndGet();
        }
    }

    static boolean onlyBookkeeping(TransactionData data) {
        if (data.createdRelationships().iterator().hasNext() || data.deletedRelationships().iterator().hasNext()
                || data.assignedRelationshipProperties().iterator().hasNext()
                || data.removedRelationshipProperties().iterator().hasNext()) {
            return false;
        }
        Set<String> bookkeeping = new java.util.HashSet<>();
        for (LabelEntry entry : data.assignedLabels()) {
            if (!BOOKKEEPING_LABELS.contains(entry.label().name())) {
                return false;
            }
            bookkeeping.add(entry.node().getElementId());
        }
        for (LabelEntry entry : data.removedLabels()) {
            if (!BOOKKEEPING_LABELS.contains(entry.label().name())) {
                return false;
            }
            bookkeeping.add(entry.node().getElementId());
        }
        for (Node node : data.createdNodes()) {
            if (!bookkeeping.contains(node.getElementId())) {
                return false;
            }
        }
        for (Node node : data.deletedNodes()) {
            if (!bookkeeping.contains(node.getElementId())) {
                return false;
            }
        }
        for (PropertyEntry<Node> entry : data.assignedNodeProperties()) {
            if (!bookkeeping.contains(entry.entity().getElementId())) {
                return false;
            }
        }
        for (PropertyEntry<Node> entry : data.removedNodeProperties()) {
            if (!bookkeeping.contains(entry.entity().getElementId())) {
                return false;
            }
        }
        return true;
    }

    void track(VersionedCache<?, ?> cache) {
        caches.add(cache);
    }

    List<VersionedCache<?, ?>> caches() {
        return List.copyOf(caches);
    }
}
