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
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;

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
    private final TransactionEventListener<Set<String>> listener = new TransactionEventListenerAdapter<>() {
        @Override
        public Set<String> beforeCommit(TransactionData data, Transaction transaction, GraphDatabaseService databaseService) {
            return organisationsChanged(data);
        }

        @Override
        public void afterCommit(TransactionData data, Set<String> organisations, GraphDatabaseService databaseService) {
            committed(data, organisations);
        }
    };
    /**
     * For caches of single organisations ({@link VersionedCache#perOrganisation}): which organisations' own records
     * (their node: properties, labels, existence) moved at which version, so that a write elsewhere leaves a cached
     * organisation valid. Bounded; the epoch moves whenever that is not known (a commit naming too many, a bulk write,
     * a server followed through the change record), which drops them all.
     */
    private final java.util.Map<String, Long> organisationChangedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private static final int ORGANISATIONS_REMEMBERED = 100_000;
    private static final int ORGANISATIONS_PER_COMMIT = 10_000;
    private static final Label ORGANISATION = Label.label("Organisation");
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
    public static GraphVersion followingTheChangeRecord() {
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
                epoch.incrementAndGet(); // which organisations it wrote is not known
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

    /**
     * The epoch of per-organisation validity: a cached organisation loaded at version {@code v} in this epoch is
     * valid while {@code v >= changedAt(its id)}; {@link #UNKNOWN} when nothing may be cached.
     */
    public long organisationEpoch() {
        if (bulkWrites > 0) {
            return UNKNOWN;
        }
        return followsChangeRecord ? version.get() : epoch.get();
    }

    /** The version at which this organisation's own record last moved (as far as remembered), or -1. */
    public long organisationChangedAt(String id) {
        return organisationChangedAt.getOrDefault(id, -1L);
    }

    /** Called after each commit: moves the version unless the transaction only wrote bookkeeping nodes. */
    void committed(TransactionData data, Set<String> organisations) {
        boolean ignorable;
        try {
            ignorable = onlyBookkeeping(data);
        } catch (RuntimeException e) {
            ignorable = false; // when in doubt, the answer is stale
        }
        if (!ignorable) {
            long now = version.incrementAndGet();
            if (organisations == null || organisationChangedAt.size() + organisations.size() > ORGANISATIONS_REMEMBERED) {
                epoch.incrementAndGet(); // first, so that no reader trusts an entry between the two
                organisationChangedAt.clear();
            }
            if (organisations != null) {
                organisations.forEach(id -> organisationChangedAt.put(id, now));
            }
        }
    }

    /**
     * Before the commit (the transaction can still be read): the ids of the organisations whose own node it
     * created, deleted or changed (properties or labels); null when not known (too many, one without an id).
     */
    static Set<String> organisationsChanged(TransactionData data) {
        try {
            Set<String> ids = new java.util.HashSet<>();
            Set<String> deleted = new java.util.HashSet<>();
            for (Node node : data.deletedNodes()) {
                deleted.add(node.getElementId());
            }
            Set<String> deletedOrganisations = new java.util.HashSet<>();
            for (LabelEntry entry : data.removedLabels()) {
                if (entry.label().equals(ORGANISATION)) {
                    if (deleted.contains(entry.node().getElementId())) {
                        deletedOrganisations.add(entry.node().getElementId());
                    } else if (!addId(entry.node(), ids)) {
                        return null;
                    }
                }
            }
            for (LabelEntry entry : data.assignedLabels()) {
                if (entry.label().equals(ORGANISATION) && !addId(entry.node(), ids)) {
                    return null;
                }
            }
            for (PropertyEntry<Node> entry : data.removedNodeProperties()) {
                String node = entry.entity().getElementId();
                if (deletedOrganisations.contains(node)) {
                    if (entry.key().equals("id")) {
                        ids.add(String.valueOf(entry.previouslyCommittedValue()));
                        deletedOrganisations.remove(node);
                    }
                } else if (!deleted.contains(node) && entry.entity().hasLabel(ORGANISATION)) {
                    if (!addId(entry.entity(), ids)) {
                        return null;
                    }
                    if (entry.key().equals("id")) {
                        ids.add(String.valueOf(entry.previouslyCommittedValue()));
                    }
                }
                if (ids.size() > ORGANISATIONS_PER_COMMIT) {
                    return null;
                }
            }
            if (!deletedOrganisations.isEmpty()) {
                return null; // a deleted organisation whose id was not found
            }
            for (PropertyEntry<Node> entry : data.assignedNodeProperties()) {
                if (entry.entity().hasLabel(ORGANISATION)) {
                    if (!addId(entry.entity(), ids)) {
                        return null;
                    }
                    if (entry.key().equals("id") && entry.previouslyCommittedValue() != null) {
                        ids.add(String.valueOf(entry.previouslyCommittedValue()));
                    }
                }
                if (ids.size() > ORGANISATIONS_PER_COMMIT) {
                    return null;
                }
            }
            return ids;
        } catch (RuntimeException e) {
            return null; // when in doubt, every cached organisation is stale
        }
    }

    private static boolean addId(Node node, Set<String> ids) {
        Object id = node.getProperty("id", null);
        if (id == null) {
            return false;
        }
        ids.add(String.valueOf(id));
        return true;
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
