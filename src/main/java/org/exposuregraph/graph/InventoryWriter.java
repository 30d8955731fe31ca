package org.exposuregraph.graph;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.impl.factory.primitive.IntSets;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

import org.exposuregraph.database.InProcessGraph;
import org.exposuregraph.graph.InventoryRows.FlowRow;
import org.exposuregraph.graph.InventoryRows.OrganisationRow;
import org.exposuregraph.graph.InventoryRows.Row;
import org.exposuregraph.graph.InventoryRows.SoftwareRow;
import org.exposuregraph.graph.InventoryRows.SubProcessingRow;
import org.exposuregraph.security.Tlp;
import org.neo4j.exceptions.KernelException;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.values.storable.Value;
import org.neo4j.values.storable.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * Writes a checked inventory in batches of {@code batchSize} rows, one transaction per batch, by {@code writers}
 * threads that do not wait for each other's locks. Neo4j locks a sparse node (fewer than 50 relationships)
 * exclusively to add a relationship to it, a dense one with shared locks only. So the flows go in rounds:
 * <ol>
 * <li>{@code writers} densifying rounds: the first {@link #DENSIFYING_FLOWS} flows of each popular vendor, which
 * make it dense;</li>
 * <li>then {@code writers} rounds of the other flows: those to popular vendors (dense now, shared) in the first,
 * those to vendors with few clients in the file spread over all of them.</li>
 * </ol>
 * In every round each writer owns the clients of its slot (a hash of the id), and a vendor still sparse is written,
 * in the {@code r}-th round of its kind, only by the writer whose clients it meets in that round (writer {@code w}
 * writes vendors of slot {@code w + r}): the writers' sparse nodes are disjoint in every round.
 * A client–processor pair is only ever written by one thread at a time, and a deadlock that still happens (an
 * organisation that is both client and vendor) is retried. In the embedded mode flows are written in process
 * through the kernel API; otherwise over the driver.
 */
public final class InventoryWriter {

    private static final Logger log = LoggerFactory.getLogger(InventoryWriter.class);
    private static final Label ORGANISATION = Label.label(Facts.ORGANISATION);
    private static final RelationshipType ENTRUSTS = RelationshipType.withName(Facts.ENTRUSTS);
    /** How the change record names an inventory import's entries: one per batch. */
    public static final String OPERATION = "import:inventory";
    /** Flows in the file from which a processor counts as popular: made dense first, then shared by the writers. */
    public static final int POPULAR_PROCESSOR_FLOWS = 200;
    /** Flows of each popular processor written first, in the densifying rounds: from 50 relationships a node is dense. */
    static final int DENSIFYING_FLOWS = 50;

    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;
    private final InProcessGraph inProcess;
    /** Who the change record names: the key that started the import (writer threads have no security context). */
    private final String actor;
    private final int batchSize;
    /** Flows of later rounds kept in memory; beyond this the file is read again. */
    private final long maxKeptFlows;
    private final Set<String> disputed;
    private final Set<String> popularProcessors;
    /** The import-wide default marking; a row's stricter one wins. */
    private final Tlp marking;
    private final int writers;
    /** Rounds that make the popular vendors dense before the others: one per writer, none without popular vendors. */
    private final int densifyingRounds;
    private final GraphUpserts.Tally total = new GraphUpserts.Tally();

    private final List<Map<String, Object>> organisations = new ArrayList<>();
    private final List<Map<String, Object>> software = new ArrayList<>();
    private final List<Map<String, Object>> runs = new ArrayList<>();
    private final List<Map<String, Object>> subProcessing = new ArrayList<>();

    /** Per writer slot: internal ids of the organisations written or looked up before, for they recur in every batch. */
    private final List<Map<String, Long>> nodeIdsBySlot = new ArrayList<>();
    private final List<Partition> partitions = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong retriedBatches = new AtomicLong();
    private final Map<String, Integer> propertyKeyTokens = new ConcurrentHashMap<>();
    private int round;
    private long flowsLeftForLaterRounds;
    private long flowsWritten;
    private long roundStarted;
    /** The flows of later rounds seen in this one, or null once there were too many to keep. */
    private List<FlowRow> keptForNextRound;
    /** Per popular processor, its flows seen in this round's pass over the file. */
    private final Map<String, Integer> popularFlowsSeen = new HashMap<>();
    private int popularStillSparse;

    /**
     * @param batchSize rows per transaction
     * @param writers   parallel flow writers
     * @param maxKeptFlows flows of later rounds kept in memory; beyond this the file is read again
     * @param marking   the import-wide default marking (null: none); a row's stricter one wins
     */
    public InventoryWriter(Neo4jClient neo4jClient, GraphWriter graphWriter, InProcessGraph inProcess, int batchSize,
                           int writers, long maxKeptFlows, Set<String> disputed, Set<String> popularProcessors, Tlp marking) {
        this.neo4jClient = neo4jClient;
        this.graphWriter = graphWriter;
        this.inProcess = inProcess;
        this.actor = GraphWriter.actor();
        this.batchSize = batchSize;
        this.maxKeptFlows = maxKeptFlows;
        this.disputed = disputed;
        this.popularProcessors = popularProcessors;
        this.marking = marking;
        this.writers = Math.max(1, writers);
        this.densifyingRounds = popularProcessors.isEmpty() ? 0 : this.writers;
        for (int i = 0; i < this.writers; i++) {
            nodeIdsBySlot.add(new HashMap<>());
        }
    }

    /** The source named by the import (null: none): added to {@code assertedBy} of every fact it writes. */
    private String source;

    /** Records {@code source} in {@code assertedBy} of every relationship fact written (a synced import's source). */
    public InventoryWriter assertedBy(String source) {
        this.source = source;
        return this;
    }

    /** Told the rows of each committed batch, from whichever thread committed it (an import job's progress). */
    private java.util.function.LongConsumer onCommitted = rows -> { };

    /** Reports each committed batch's rows to {@code listener}, which must be thread-safe. */
    public InventoryWriter onCommitted(java.util.function.LongConsumer listener) {
        this.onCommitted = listener;
        return this;
    }

    /** Organisations, software and sub-processing: everything the data flows may point at. */
    public void acceptReferenced(Row row) {
        if (row instanceof OrganisationRow o) {
            organisations.add(new NativeDocument.OrganisationRow(o.id(), o.name(), o.kind(), null, null,
                    o.companyNumber(), o.domain(), null, null, null, null, null, null, false, null, marking(o)).properties());
            if (organisations.size() >= batchSize) {
                upsertOrganisations(organisations);
                organisations.clear();
            }
        } else if (row instanceof SoftwareRow s) {
            if (s.name() != null) {
                software.add(new NativeDocument.SoftwareRow(s.software(), s.name(), null, marking(s)).properties());
            }
            Map<String, Object> props = fact(s.factId(), marking(s));
            props.putAll(NativeDocument.props("since", s.since(), "until", s.until(), "endReason", s.endReason()));
            runs.add(GraphUpserts.link(s.organisation(), s.software(), props));
        } else if (row instanceof SubProcessingRow s) {
            Map<String, Object> props = fact(s.factId(), marking(s));
            props.putAll(NativeDocument.props("categories", s.categories() == null ? null : List.of(s.categories()),
                    "purpose", s.purpose(), "since", s.since(), "until", s.until(), "endReason", s.endReason()));
            subProcessing.add(GraphUpserts.link(s.processor(), s.subProcessor(), props));
        }
    }

    /** Called once all referenced rows were accepted, before the first flow. */
    public void flushReferenced() {
        upsertOrganisations(organisations);
        upsert(u -> u.nodesIfAbsent(Facts.SOFTWARE, software));
        organisations.clear();
        software.clear();
        for (int from = 0; from < runs.size(); from += batchSize) {
            List<Map<String, Object>> batch = runs.subList(from, Math.min(runs.size(), from + batchSize));
            upsert(u -> u.relationships(Facts.ORGANISATION, Facts.RUNS, Facts.SOFTWARE, batch));
        }
        for (int from = 0; from < subProcessing.size(); from += batchSize) {
            List<Map<String, Object>> batch = subProcessing.subList(from, Math.min(subProcessing.size(), from + batchSize));
            upsert(u -> u.relationships(Facts.ORGANISATION, Facts.SUBPROCESSES_TO, Facts.ORGANISATION, batch));
        }
        runs.clear();
        subProcessing.clear();
    }

    /**
     * Starts the writers of round {@code round} (the first {@code writers} densify the popular vendors, when there
     * are any). Returns true when the flows of the file must then be offered to {@link #acceptFlow}, until it
     * returns false; false when the round's flows were kept from the round before (up to {@code maxKeptFlows}) and
     * are already queued: reading the file again cost more than writing them.
     */
    public boolean startFlowRound(int round) {
        this.round = round;
        roundStarted = System.nanoTime();
        flowsLeftForLaterRounds = 0;
        popularFlowsSeen.clear();
        popularStillSparse = popularProcessors.size();
        partitions.clear();
        for (int slot = 0; slot < writers; slot++) {
            Partition partition = new Partition(slot, round);
            partitions.add(partition);
            partition.start();
        }
        List<FlowRow> kept = keptForNextRound;
        // A densifying round stops reading early, so it cannot keep what later rounds need.
        keptForNextRound = round < densifyingRounds ? null : new ArrayList<>();
        if (round < densifyingRounds) {
            return true;
        }
        if (kept != null) {
            kept.forEach(this::acceptFlow);
            return false;
        }
        return true;
    }

    /**
     * Queues the flow for its writer if it belongs to the current round, keeps it if it belongs to a later one.
     * False when the round needs no more flows of the file.
     */
    public boolean acceptFlow(FlowRow flow) {
        if (failure.get() != null) {
            throw failure.get();
        }
        int owner = slot(flow.client());
        // Which of the rounds of its kind writes a flow to a sparse vendor: the one in which its client's writer owns it.
        int vendorRound = Math.floorMod(slot(flow.processor()) - owner, writers);
        int flowRound;
        if (popularProcessors.contains(flow.processor())) {
            int seen = popularFlowsSeen.merge(flow.processor(), 1, Integer::sum);
            if (seen <= DENSIFYING_FLOWS) {
                if (round < densifyingRounds) {
                    if (vendorRound == round) {
                        partitions.get(owner).add(flow);
                    }
                    return seen < DENSIFYING_FLOWS || --popularStillSparse > 0;
                }
                return true;
            }
            flowRound = densifyingRounds;
        } else {
            flowRound = densifyingRounds + vendorRound;
        }
        if (round < densifyingRounds) {
            return true;
        }
        if (flowRound == round) {
            partitions.get(owner).add(flow);
        } else if (flowRound > round) {
            flowsLeftForLaterRounds++;
            if (keptForNextRound != null) {
                keptForNextRound.add(flow);
                if (keptForNextRound.size() > maxKeptFlows) {
                    keptForNextRound = null;
                }
            }
        }
        return true;
    }

    /** Waits for the round's writers; true when another round has flows to write. */
    public boolean finishFlowRound() {
        partitions.forEach(Partition::close);
        partitions.forEach(Partition::join);
        if (failure.get() != null) {
            throw failure.get();
        }
        partitions.forEach(p -> total.addAll(p.tally));
        long rows = partitions.stream().mapToLong(p -> p.rows).sum();
        flowsWritten += rows;
        log.info("Round {} of the data flows: {} rows in {} ms", round, rows, (System.nanoTime() - roundStarted) / 1_000_000);
        return round < densifyingRounds || flowsLeftForLaterRounds > 0;
    }

    /** The number of flow rows written in all rounds. */
    public long flowsWritten() {
        return flowsWritten;
    }

    /** Batches rolled back by a deadlock or another transient failure and written again. */
    public long retriedBatches() {
        return retriedBatches.get();
    }

    private int slot(String organisationId) {
        return Math.floorMod(organisationId.hashCode(), writers);
    }

    public GraphUpserts.Tally finish() {
        return total;
    }

    /** Organisations in process through the kernel API (as the flows); over the driver otherwise. */
    @SuppressWarnings("deprecation") // Node.getId: the writers address organisations by internal id (see node)
    private void upsertOrganisations(List<Map<String, Object>> rows) {
        if (inProcess == null) {
            upsert(u -> u.nodes(Facts.ORGANISATION, rows));
            return;
        }
        Map<String, Long> nodeIds = new HashMap<>();
        GraphUpserts.Tally tally = TransientFailures.retry("inventory organisations", () -> inProcess.inTransaction(tx -> {
            GraphUpserts.Tally outcome = new GraphUpserts.Tally();
            ChangeSet changes = changeSet();
            nodeIds.clear();
            for (Map<String, Object> row : rows) {
                Map<String, Object> wanted = new LinkedHashMap<>();
                row.forEach((key, value) -> wanted.put(key, value instanceof List<?> list ? list.toArray(String[]::new) : value));
                String id = (String) wanted.get("id");
                Node node = tx.findNode(ORGANISATION, "id", id);
                if (node == null) {
                    nodeIds.put(id, createOrganisation(tx, wanted));
                    outcome.add("created", 1);
                    changes.element(ChangeSet.Outcome.CREATED, ORGANISATION.name(), id).organisations(id);
                } else {
                    nodeIds.put(id, node.getId());
                    Object before = node.getProperty("tlp", null);
                    if (sync(node, wanted)) {
                        outcome.add("updated", 1);
                        changes.element(ChangeSet.Outcome.UPDATED, ORGANISATION.name(), id).organisations(id)
                                .markings(before, wanted.get("tlp"));
                    } else {
                        outcome.add("unchanged", 1);
                    }
                }
            }
            ChangeLog.append(tx, changes);
            return outcome;
        }));
        // Committed: the flows' writers find these organisations by internal id, with no index seek.
        nodeIds.forEach((id, nodeId) -> nodeIdsBySlot.get(slot(id)).put(id, nodeId));
        total.addAll(tally);
        onCommitted.accept(tally.created() + tally.updated() + tally.unchanged());
    }

    /** One transaction of upserts, with its change entry, retried whole on a transient failure. */
    private void upsert(java.util.function.Consumer<GraphUpserts> work) {
        GraphUpserts.Tally tally;
        if (inProcess != null) {
            tally = TransientFailures.retry("inventory import", () -> inProcess.inTransaction(tx -> {
                GraphUpserts.Tally outcome = new GraphUpserts.Tally();
                ChangeSet changes = changeSet();
                work.accept(new GraphUpserts(GraphUpserts.inProcess(tx), outcome, changes, null));
                ChangeLog.append(tx, changes);
                return outcome;
            }));
        } else {
            tally = graphWriter.write(OPERATION, changes -> {
                GraphUpserts.Tally outcome = new GraphUpserts.Tally();
                work.accept(new GraphUpserts(neo4jClient, outcome, changes, null));
                return outcome;
            });
        }
        total.addAll(tally);
        onCommitted.accept(tally.created() + tally.updated() + tally.unchanged());
    }

    private ChangeSet changeSet() {
        return new ChangeSet(OPERATION, actor);
    }

    private Map<String, Object> fact(String id, Tlp tlp) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", id);
        putIfStored(props, "disputed", Facts.storedDisputed(disputed.contains(id)));
        if (tlp != null) {
            props.put("tlp", tlp.name());
        }
        if (source != null) {
            props.put("assertedBy", List.of(source));
        }
        return props;
    }

    /** A fact's defaults are not stored (Facts): null leaves the property out. */
    private static void putIfStored(Map<String, Object> props, String key, Object stored) {
        if (stored != null) {
            props.put(key, stored);
        }
    }

    /** The marking a row is written with: its own or the import's default, whichever is stricter. */
    private Tlp marking(Row row) {
        return Markings.stricter(row.tlp(), marking);
    }

    /** The properties a flow's ENTRUSTS relationship must end up with. */
    private Map<String, Object> flowProperties(FlowRow f) {
        String id = f.factId();
        Map<String, Object> props = new LinkedHashMap<>();
        putIfStored(props, "id", Facts.storedDataFlowId(id, f.client(), f.processor()));
        putIfStored(props, "disputed", Facts.storedDisputed(disputed.contains(id)));
        props.put("categories", f.categories());
        if (f.people() != null) {
            props.put("people", f.people());
        }
        if (f.records() != null) {
            props.put("records", f.records());
        }
        if (f.purpose() != null) {
            props.put("purpose", f.purpose());
        }
        if (f.since() != null) {
            props.put("since", f.since());
        }
        if (f.until() != null) {
            props.put("until", f.until());
        }
        if (f.endReason() != null) {
            props.put("endReason", f.endReason());
        }
        if (source != null) {
            props.put("assertedBy", new String[] {source});
        }
        Tlp tlp = marking(f);
        if (tlp != null) {
            props.put("tlp", tlp.name());
        }
        return props;
    }

    /** One writer thread of a round and the clients it owns. */
    private final class Partition {
        private static final List<FlowRow> END = List.of();
        private final BlockingQueue<List<FlowRow>> queue = new ArrayBlockingQueue<>(2);
        private final Thread thread;
        private final GraphUpserts.Tally tally = new GraphUpserts.Tally();
        private final Map<String, Long> nodeIds;
        private long rows;
        private List<FlowRow> batch = new ArrayList<>();

        Partition(int slot, int round) {
            nodeIds = nodeIdsBySlot.get(slot);
            thread = new Thread(this::drain, "inventory-writer-" + slot + "-round-" + round);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void add(FlowRow flow) {
            batch.add(flow);
            if (batch.size() >= batchSize) {
                put(batch);
                batch = new ArrayList<>(batchSize);
            }
        }

        void close() {
            if (!batch.isEmpty()) {
                put(batch);
            }
            put(END);
        }

        void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing", e);
            }
        }

        private void put(List<FlowRow> rows) {
            try {
                while (!queue.offer(rows, 1, java.util.concurrent.TimeUnit.SECONDS)) {
                    if (!thread.isAlive()) {
                        throw failure.get() != null ? failure.get() : new IllegalStateException("writer stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing", e);
            }
        }

        private void drain() {
            try {
                for (List<FlowRow> rows = queue.take(); rows != END; rows = queue.take()) {
                    write(rows);
                }
            } catch (RuntimeException e) {
                log.error("Inventory writer failed", e);
                failure.compareAndSet(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void write(List<FlowRow> rows) {
            log.debug("Writing a batch of {} data flows by {}", rows.size(), thread.getName());
            int[] attempts = {0};
            GraphUpserts.Tally outcome = TransientFailures.retry("inventory data flows", () -> {
                if (attempts[0]++ > 0) {
                    retriedBatches.incrementAndGet();
                }
                return inProcess != null ? writeInProcess(rows) : writeOverDriver(rows);
            });
            tally.addAll(outcome);
            this.rows += rows.size();
            onCommitted.accept(rows.size());
            log.debug("Committed a batch of {} data flows ({} in all) by {}", rows.size(), this.rows, thread.getName());
        }

        /** One batch in one transaction; once committed, its flows go to the change feed as written. */
        private GraphUpserts.Tally writeInProcess(List<FlowRow> rows) {
            ChangeSet[] committed = new ChangeSet[1];
            List<ChangeFeed.Written> written = new ArrayList<>(rows.size());
            GraphUpserts.Tally tally = inProcess.inTransaction(tx -> {
                GraphUpserts.Tally outcome = new GraphUpserts.Tally();
                ChangeSet changes = changeSet();
                written.clear();
                Map<String, Node> nodes = new HashMap<>();
                Map<Node, Map<Node, Relationship>> storedFlows = new HashMap<>();
                for (FlowRow row : rows) {
                    Node client = node(tx, nodes, nodeIds, row.client());
                    Node processor = node(tx, nodes, nodeIds, row.processor());
                    Map<String, Object> wanted = flowProperties(row);
                    Relationship existing = storedFlows.computeIfAbsent(client, InventoryWriter::flowsByProcessor).get(processor);
                    if (existing == null) {
                        createFlow(tx, client, processor, row.factId(), wanted);
                        outcome.add("created", 1);
                        record(changes, ChangeSet.Outcome.CREATED, row, null, wanted.get("tlp"), null);
                    } else {
                        Object tlpBefore = existing.getProperty("tlp", null);
                        Object categoriesBefore = existing.getProperty("categories", null);
                        if (!sync(existing, wanted)) {
                            outcome.add("unchanged", 1);
                            continue;
                        }
                        outcome.add("updated", 1);
                        record(changes, ChangeSet.Outcome.UPDATED, row, tlpBefore, wanted.get("tlp"), categoriesBefore);
                    }
                    // What is stored now, exactly (sync kept the stricter marking in it).
                    written.add(new ChangeFeed.Written(ENTRUSTS.name(), row.factId(), row.client(), row.processor(), wanted));
                }
                ChangeLog.append(tx, changes);
                committed[0] = changes;
                return outcome;
            });
            graphWriter.handOver(committed[0], written);
            return tally;
        }

        private GraphUpserts.Tally writeOverDriver(List<FlowRow> rows) {
            GraphUpserts.Tally outcome = new GraphUpserts.Tally();
            List<Map<String, Object>> links = rows.stream().map(row -> {
                Map<String, Object> props = flowProperties(row);
                props.put("categories", List.of(row.categories()));
                if (source != null) {
                    props.put("assertedBy", List.of(source));
                }
                return GraphUpserts.link(row.client(), row.processor(), props);
            }).toList();
            graphWriter.write(OPERATION, changes -> {
                new GraphUpserts(neo4jClient, outcome, changes, null).relationships(Facts.ORGANISATION, Facts.ENTRUSTS, Facts.ORGANISATION, links);
                return outcome;
            });
            return outcome;
        }
    }

    /** What the change record keeps of a written flow: its id, its ends, its categories before and after. */
    private static void record(ChangeSet changes, ChangeSet.Outcome outcome, FlowRow row, Object tlpBefore,
                               Object tlpAfter, Object categoriesBefore) {
        changes.element(outcome, ENTRUSTS.name(), row.factId()).organisations(row.client(), row.processor())
                .categories(java.util.Arrays.asList(row.categories()))
                .markings(tlpBefore, tlpAfter);
        if (categoriesBefore instanceof String[] before) {
            changes.categories(java.util.Arrays.asList(before));
        }
    }

    /**
     * The client's flows as the batch found them, read once per batch rather than once per row. The flows the batch
     * creates need not be added: a file names a client-processor pair once (the check rejects a repeated pair).
     */
    private static Map<Node, Relationship> flowsByProcessor(Node client) {
        if (client.getDegree(ENTRUSTS, Direction.OUTGOING) == 0) {
            return Map.of();
        }
        Map<Node, Relationship> flows = new HashMap<>();
        try (var relationships = client.getRelationships(Direction.OUTGOING, ENTRUSTS)) {
            relationships.forEach(r -> flows.putIfAbsent(r.getEndNode(), r));
        }
        return flows;
    }

    /**
     * Creates the flow's relationship with all its properties in two kernel calls, by property key ids looked up once:
     * the core API's per-property name look-up, value conversion and cursor positioning were a tenth of the
     * writers' time.
     */
    @SuppressWarnings("deprecation") // Node.getId: the kernel addresses nodes by their internal id
    private void createFlow(Transaction tx, Node client, Node processor, String id, Map<String, Object> properties) {
        KernelTransaction kernel = ((InternalTransaction) tx).kernelTransaction();
        try {
            long relationship = kernel.dataWrite().relationshipCreate(client.getId(),
                    kernel.tokenWrite().relationshipTypeGetOrCreateForName(ENTRUSTS.name()), processor.getId());
            kernel.dataWrite().relationshipApplyChanges(relationship, values(kernel, properties));
        } catch (KernelException e) {
            throw new IllegalStateException("could not write the data flow " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates an organisation with all its properties in two kernel calls, as {@link #createFlow}: the core API
     * matched every property against the label's indexes and constraints one at a time. Returns its internal id.
     */
    private long createOrganisation(Transaction tx, Map<String, Object> properties) {
        KernelTransaction kernel = ((InternalTransaction) tx).kernelTransaction();
        try {
            long node = kernel.dataWrite().nodeCreateWithLabels(new int[] {kernel.tokenWrite().labelGetOrCreateForName(ORGANISATION.name())});
            kernel.dataWrite().nodeApplyChanges(node, IntSets.immutable.empty(), IntSets.immutable.empty(), values(kernel, properties));
            return node;
        } catch (KernelException e) {
            throw new IllegalStateException("could not write the organisation " + properties.get("id") + ": " + e.getMessage(), e);
        }
    }

    /** Properties by key token, as the kernel takes them. */
    private MutableIntObjectMap<Value> values(KernelTransaction kernel, Map<String, Object> properties) throws KernelException {
        MutableIntObjectMap<Value> values = new IntObjectHashMap<>(properties.size());
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            values.put(propertyKey(kernel, property.getKey()), Values.of(property.getValue()));
        }
        return values;
    }

    private int propertyKey(KernelTransaction kernel, String name) throws KernelException {
        Integer token = propertyKeyTokens.get(name);
        if (token == null) {
            token = kernel.tokenWrite().propertyKeyGetOrCreateForName(name);
            propertyKeyTokens.put(name, token);
        }
        return token;
    }

    /**
     * The organisation in this transaction: by the internal id when seen before, cheaper than an index seek or
     * parsing an element id. Ids stay valid for the import: organisations are only deleted by hand edits.
     */
    @SuppressWarnings("deprecation") // Transaction.getNodeById, Node.getId: the kernel's own addresses
    private static Node node(Transaction tx, Map<String, Node> nodes, Map<String, Long> nodeIds, String id) {
        return nodes.computeIfAbsent(id, key -> {
            Long nodeId = nodeIds.get(key);
            if (nodeId != null) {
                return tx.getNodeById(nodeId);
            }
            Node node = tx.findNode(ORGANISATION, "id", key);
            if (node == null) {
                throw new IllegalStateException("organisation " + key + " vanished during the import");
            }
            nodeIds.put(key, node.getId());
            return node;
        });
    }

    /**
     * Makes the node or relationship hold exactly {@code wanted}, except that its marking never goes down: it keeps
     * the stricter of the stored and the wanted one. True when anything changed.
     */
    private static boolean sync(org.neo4j.graphdb.Entity r, Map<String, Object> wanted) {
        boolean changed = false;
        Map<String, Object> current = r.getAllProperties();
        String tlp = Markings.stricterStored(current.get("tlp"), wanted.get("tlp"));
        if (tlp == null) {
            wanted.remove("tlp");
        } else {
            wanted.put("tlp", tlp);
        }
        // A source once recorded as asserting the fact stays recorded (GraphUpserts.ASSERTED_BY).
        if (current.get("assertedBy") instanceof String[] asserted) {
            java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(List.of(asserted));
            if (wanted.get("assertedBy") instanceof String[] more) {
                all.addAll(List.of(more));
            }
            wanted.put("assertedBy", all.toArray(String[]::new));
        }
        for (Map.Entry<String, Object> entry : wanted.entrySet()) {
            if (!same(current.get(entry.getKey()), entry.getValue())) {
                r.setProperty(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        for (String key : current.keySet()) {
            if (!wanted.containsKey(key)) {
                r.removeProperty(key);
                changed = true;
            }
        }
        return changed;
    }

    private static boolean same(Object stored, Object wanted) {
        if (stored != null && wanted != null && stored.getClass().isArray() && wanted.getClass().isArray()) {
            int length = Array.getLength(stored);
            if (length != Array.getLength(wanted)) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (!Objects.equals(Array.get(stored, i), Array.get(wanted, i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(stored, wanted);
    }
}
