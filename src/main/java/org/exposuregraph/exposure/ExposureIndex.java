package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.exposuregraph.graph.Change;
import org.exposuregraph.graph.ChangeFeed;
import org.exposuregraph.graph.ChangeLog;
import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.ReadTransactions;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.neo4j.driver.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;

/**
 * The exposure read model: organisations, data flows and sub-processing held in memory, built from the store at
 * start and kept up to date from the change record ({@link ChangeFeed}): each batch of entries re-reads just the
 * facts it names, by id, so applying it costs time proportional to the change, not to the graph.
 * <p>
 * {@link #exposure} answers exactly what {@code cypher/queries/vendor-exposure.cypher} answers (the query stays
 * the oracle of the differential tests): the same clients, hops, path, confidence, disputed flag, categories and
 * people, for every depth, filter, date and TLP clearance. Organisations get compact int ids; category sets are
 * bitsets over ids given to category names as they are met, interned so that two million flows share a few
 * hundred distinct sets.
 */
@Component
public class ExposureIndex implements ChangeFeed.Listener {

    private static final Logger log = LoggerFactory.getLogger(ExposureIndex.class);
    /** A stored marking the enum does not know: visible to nobody, as {@code IN $visibleTlp} would have it. */
    private static final byte UNKNOWN_TLP = Byte.MAX_VALUE;
    private static final int NO_DATE_BEFORE = Integer.MIN_VALUE;
    private static final int NO_DATE_AFTER = Integer.MAX_VALUE;
    private static final long NO_PEOPLE = Long.MIN_VALUE;
    /** Re-read at most this many facts per query when applying a change batch. */
    private static final int READ_BATCH = 5_000;

    private static final String ORGANISATIONS = "MATCH (o:Organisation) %s RETURN o.id AS id, o.kind AS kind, o.tlp AS tlp";
    /** A data flow's row; {@code %s} is the clause that finds the flows as {@code (c)-[f]->(p)}. */
    private static final String FLOWS = "%s\nRETURN " + Facts.idIn("f", "c", "p") + """
             AS id, c.id AS client, p.id AS processor, f.categories AS categories,
                   f.people AS people, f.confidence AS confidence, f.disputed AS disputed, f.tlp AS tlp,
                   f.since AS since, f.until AS until, c.kind AS clientKind, c.tlp AS clientTlp,
                   p.kind AS processorKind, p.tlp AS processorTlp""";
    private static final String ALL_FLOWS = "MATCH (c:Organisation)-[f:ENTRUSTS]->(p:Organisation)";
    private static final String FLOWS_BY_ID = "UNWIND $ids AS flowId "
            + Facts.matchById(Facts.ENTRUSTS, "c", "f", "p", "flowId");
    private static final String SUBS = """
            MATCH (a:Organisation)-[s:SUBPROCESSES_TO]->(b:Organisation) %s
            RETURN coalesce(s.id, elementId(s)) AS id, a.id AS client, b.id AS processor, s.categories AS categories,
                   null AS people, s.confidence AS confidence, s.disputed AS disputed, s.tlp AS tlp,
                   s.since AS since, s.until AS until, a.kind AS clientKind, a.tlp AS clientTlp,
                   b.kind AS processorKind, b.tlp AS processorTlp""";

    /** A data flow (client → processor) or a sub-processing link (client = the one passing data on). */
    static final class Fact {
        final String id;
        final int from;
        final int to;
        /** Index of the category set; for sub-processing -1 = passes everything on. */
        final int categories;
        final long people;
        final int confidence;
        final boolean disputed;
        final byte tlp;
        final int since;
        final int until;

        Fact(String id, int from, int to, int categories, long people, int confidence, boolean disputed, byte tlp,
             int since, int until) {
            this.id = id;
            this.from = from;
            this.to = to;
            this.categories = categories;
            this.people = people;
            this.confidence = confidence;
            this.disputed = disputed;
            this.tlp = tlp;
            this.since = since;
            this.until = until;
        }

        boolean holds(int day) {
            return since <= day && until > day;
        }
    }

    /** One client's answer, as the Cypher query returns it. */
    public record Row(String clientId, Set<String> categories, int hops, List<String> path, Integer people,
                      int confidence, boolean disputed) {
    }

    private final Neo4jClient neo4jClient;
    private final ReadTransactions readTransactions;
    private final ChangeLog changeLog;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Serialises builds and change batches (reads only take the read lock). */
    private final Object updates = new Object();
    private final AtomicLong version = new AtomicLong();

    // Everything below is guarded by `lock`.
    private final Map<String, Integer> organisationIndex = new HashMap<>();
    private final List<String> organisationIds = new ArrayList<>();
    private byte[] organisationTlp = new byte[0];
    private int[] organisationKind = new int[0];
    private final List<String> kinds = new ArrayList<>();
    private final Map<String, Integer> kindIndex = new HashMap<>();
    private final Map<String, Integer> categoryIndex = new HashMap<>();
    private final List<String> categoryNames = new ArrayList<>();
    private final List<BitSet> categorySets = new ArrayList<>();
    private final Map<BitSet, Integer> categorySetIndex = new HashMap<>();
    /** Per processor: the flows entrusted to it. */
    private final List<List<Fact>> flowsTo = new ArrayList<>();
    /** Per organisation: the sub-processing links that pass data on to it. */
    private final List<List<Fact>> subsTo = new ArrayList<>();
    /** Per organisation: its own flows and sub-processing links (to find what a re-marked organisation reaches). */
    private final List<List<Fact>> flowsFrom = new ArrayList<>();
    private final List<List<Fact>> subsFrom = new ArrayList<>();
    /** Organisations whose marking or kind moved while applying the current batch, with what they were before. */
    private final BitSet remarked = new BitSet();
    private final Map<Integer, Remark> remarkedFrom = new HashMap<>();
    private final Map<String, Fact> flows = new HashMap<>();
    private final Map<String, Fact> subs = new HashMap<>();
    private boolean built;
    /** The change entry the store was read at, or later. */
    private volatile long appliedSeq;
    /**
     * What each recent version changed: the organisations whose incoming flows or sub-processing changed, or null
     * for "anything" (an organisation's marking or kind, the taxonomy, a rebuild). An answer rests only on the
     * incoming lists of the organisations on its chains (its footprint), so a version whose targets miss the
     * footprint leaves it valid. Oldest first; bounded, an answer older than the history is recomputed.
     */
    private final java.util.ArrayDeque<Touched> history = new java.util.ArrayDeque<>();
    private static final int HISTORY = 4_096;
    /**
     * Data flows' before-and-after kept in the history so rankings can be patched per client (see {@link #reachSince}):
     * at most this many in one version (a bulk import's batch is recomputed instead) and in all.
     */
    private static final int FLOW_CHANGES_PER_VERSION = 10_000;
    private static final int FLOW_CHANGES_KEPT = 100_000;
    private int flowChangesKept;

    /**
     * One version: the organisations whose incoming lists changed ({@code targets}, null = anything), and for the
     * rankings, which of them need their reach recomputed downstream ({@code structural}: sub-processing, an
     * organisation's own marking or kind as a link of chains) and the data flows and client markings that changed,
     * as they were before and after — or {@code flows} null when too many were kept (then every target is structural);
     * {@code subProcessingMoved} when a sub-processing link was among the changes (chains moved, not just markings).
     */
    private record Touched(long version, int[] targets, int[] structural, FlowChange[] flows, Remark[] remarks,
                           boolean subProcessingMoved) {
    }

    /** A data flow before and after a version (null: absent). */
    private record FlowChange(Fact before, Fact after) {
    }

    /** An organisation's marking and kind before a version moved them. */
    private record Remark(int organisation, byte tlp, int kind) {
    }

    /**
     * An answer with what it rests on: the organisations whose incoming facts it read (sorted), the version it is of,
     * and the routes it found, to patch it with ({@link #patch}).
     */
    public record Answer(List<Row> rows, int[] footprint, long version, Basis basis) {
    }

    /** The question an answer was given to and the routes into its first processors: enough to redo one client's row. */
    static final class Basis {
        private final Set<String> vendorIds;
        private final BitSet filter;
        private final BitSet kindsAllowed;
        private final int day;
        private final int clearance;
        /** Per first processor, the routes kept (shortest first, one per set of categories passed on). */
        private final Map<Integer, List<Route>> routes = new HashMap<>();

        private Basis(Set<String> vendorIds, BitSet filter, BitSet kindsAllowed, int day, int clearance) {
            this.vendorIds = vendorIds;
            this.filter = filter;
            this.kindsAllowed = kindsAllowed;
            this.day = day;
            this.clearance = clearance;
        }
    }

    /**
     * What changed in an answer since its version: per client whose row moved, the row now (null: no longer
     * exposed); the answer's footprint is unchanged.
     */
    public record Patch(long version, Map<String, Row> rows) {
    }

    /** Rough bytes held per fact and per organisation (measured shapes: object, id, map entry, list slot). */
    private static final long BYTES_PER_FACT = 170;
    private static final long BYTES_PER_ORGANISATION = 110;

    private volatile double lastBuildSeconds = Double.NaN;
    private final boolean buildAtStart;
    private final ChangeFeed changeFeed;
    private final io.micrometer.core.instrument.Timer lag;
    static final String FACTS_APPLIED = "exposuregraph.readmodel.facts.applied";
    private final io.micrometer.core.instrument.Counter factsRead;
    private final io.micrometer.core.instrument.Counter factsHandedOver;

    ExposureIndex(Neo4jClient neo4jClient, ReadTransactions readTransactions, ChangeLog changeLog, ChangeFeed changeFeed,
                  io.micrometer.core.instrument.MeterRegistry registry,
                  @org.springframework.beans.factory.annotation.Value("${exposuregraph.read-model.build-at-start:true}") boolean buildAtStart) {
        this.neo4jClient = neo4jClient;
        this.readTransactions = readTransactions;
        this.buildAtStart = buildAtStart;
        this.changeFeed = changeFeed;
        this.changeLog = changeLog;
        changeFeed.register(this);
        // The read model's health for operators and the benchmark (names containing "readmodel").
        io.micrometer.core.instrument.Gauge.builder("exposuregraph.readmodel.build.time", this, i -> i.lastBuildSeconds)
                .description("Seconds the last build of the exposure read model from the store took").baseUnit("seconds")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("exposuregraph.readmodel.applied.change", this, i -> i.appliedSeq)
                .description("The last change-record entry the read model applied").register(registry);
        io.micrometer.core.instrument.Gauge.builder("exposuregraph.readmodel.memory", this, ExposureIndex::approximateBytes)
                .description("Approximate bytes the exposure read model holds").baseUnit("bytes").register(registry);
        this.lag = io.micrometer.core.instrument.Timer.builder("exposuregraph.readmodel.lag")
                .description("From a change's commit to the read model having applied it").register(registry);
        // Where applied facts came from: read back from the store, or handed over by a bulk writer in this process.
        this.factsRead = io.micrometer.core.instrument.Counter.builder(FACTS_APPLIED).tag("from", "store")
                .description("Facts the read model applied from the change record").register(registry);
        this.factsHandedOver = io.micrometer.core.instrument.Counter.builder(FACTS_APPLIED).tag("from", "writer")
                .description("Facts the read model applied from the change record").register(registry);
    }

    private double approximateBytes() {
        return (double) BYTES_PER_FACT * (flows.size() + subs.size()) + (double) BYTES_PER_ORGANISATION * organisationIds.size();
    }

    /**
     * Builds at start, off the request path (a request arriving first waits for it). Off for the import command: a
     * process that only writes would otherwise re-read every batch it wrote to keep an index nobody asks.
     */
    @EventListener(ApplicationReadyEvent.class)
    void buildAtStart() {
        if (!buildAtStart) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                ensureBuilt();
            } catch (RuntimeException e) {
                log.warn("Building the exposure index at start failed; the first read builds it: {}", e.toString());
            }
        }, "exposure-index-build");
        thread.setDaemon(true);
        thread.start();
    }

    /** Moves whenever an applied change touched what exposure answers rest on; answers may be cached per version. */
    public long version() {
        return version.get();
    }

    private void ensureBuilt() {
        if (isBuilt()) {
            return;
        }
        synchronized (updates) {
            if (isBuilt()) {
                return;
            }
            long started = System.nanoTime();
            long seq = changeLog.last();
            List<Object[]> organisations = readOrganisations("");
            List<Object[]> flowRows = readFacts(FLOWS, ALL_FLOWS, Map.of());
            List<Object[]> subRows = readFacts(SUBS, "", Map.of());
            lock.writeLock().lock();
            try {
                clear();
                organisations.forEach(this::putOrganisation);
                flowRows.forEach(row -> putFact(row, false));
                subRows.forEach(row -> putFact(row, true));
                remarked.clear();
                remarkedFrom.clear();
                appliedSeq = seq;
                built = true;
                touchedAnything();
            } finally {
                lock.writeLock().unlock();
            }
            lastBuildSeconds = (System.nanoTime() - started) / 1e9;
            log.info("Exposure index built in {} ms: {} organisations, {} flows, {} sub-processing links, {} category sets",
                    (System.nanoTime() - started) / 1_000_000, organisations.size(), flowRows.size(), subRows.size(),
                    categorySets.size());
        }
    }

    /** Whether the index holds the store (false before its build and after {@link #rebuildNeeded}). */
    public boolean isBuilt() {
        lock.readLock().lock();
        try {
            return built;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void clear() {
        organisationIndex.clear();
        organisationIds.clear();
        organisationTlp = new byte[0];
        organisationKind = new int[0];
        flowsTo.clear();
        subsTo.clear();
        flowsFrom.clear();
        subsFrom.clear();
        remarked.clear();
        remarkedFrom.clear();
        routesCache.clear();
        flows.clear();
        subs.clear();
    }

    @Override
    public void rebuildNeeded() {
        synchronized (updates) {
            lock.writeLock().lock();
            try {
                built = false;
                clear();
                touchedAnything();
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** Facts handed over are applied as written only once built: before that the build reads the store. */
    @Override
    public boolean takesHandOver() {
        return isBuilt();
    }

    /**
     * Re-reads the organisations, flows and sub-processing links the entries name, but for flows a bulk writer handed
     * over as committed; the rest of the index stays.
     */
    @Override
    public void changed(List<Change> batch) {
        synchronized (updates) {
            if (!isBuilt()) {
                return; // the build reads the store as it is then
            }
            Set<String> organisationsTouched = new HashSet<>();
            Set<String> flowsTouched = new HashSet<>();
            Set<String> subsTouched = new HashSet<>();
            // Flows as their latest entry's writer handed them over; one named later without a hand-over is read.
            Map<String, Object[]> handedFlows = new HashMap<>();
            boolean taxonomyTouched = false;
            long last = appliedSeq;
            for (Change change : batch) {
                if (change.seq() <= appliedSeq) {
                    continue;
                }
                last = change.seq();
                Map<String, Object[]> handed = handedFlows(change);
                for (List<String> elements : List.of(change.created(), change.updated(), change.ended(), change.removed())) {
                    for (String element : elements) {
                        int colon = element.indexOf(':');
                        if (colon < 0) {
                            continue;
                        }
                        String kind = element.substring(0, colon);
                        String id = element.substring(colon + 1);
                        if (kind.equals(Facts.ORGANISATION)) {
                            organisationsTouched.add(id);
                        } else if (kind.equals(Facts.ENTRUSTS)) {
                            flowsTouched.add(id);
                            Object[] row = handed.get(id);
                            if (row != null) {
                                handedFlows.put(id, row);
                            } else {
                                handedFlows.remove(id);
                            }
                        } else if (kind.equals(Facts.SUBPROCESSES_TO)) {
                            subsTouched.add(id);
                        } else if (kind.equals(Facts.DATA_CATEGORY)) {
                            taxonomyTouched = true; // answers show categories' sensitivity: cached ones must go
                        }
                    }
                }
            }
            if (last == appliedSeq) {
                return;
            }
            java.time.OffsetDateTime committed = batch.get(batch.size() - 1).at();
            List<Object[]> organisations = new ArrayList<>();
            for (List<String> ids : chunks(organisationsTouched)) {
                organisations.addAll(readOrganisations(ids));
            }
            List<Object[]> flowRows = new ArrayList<>(handedFlows.values());
            Set<String> flowsToRead = new HashSet<>(flowsTouched);
            flowsToRead.removeAll(handedFlows.keySet());
            for (List<String> ids : chunks(flowsToRead)) {
                flowRows.addAll(readFacts(FLOWS, FLOWS_BY_ID, Map.of("ids", ids)));
            }
            List<Object[]> subRows = new ArrayList<>();
            for (List<String> ids : chunks(subsTouched)) {
                subRows.addAll(readFacts(SUBS, "WHERE s.id IN $ids", Map.of("ids", ids)));
            }
            factsHandedOver.increment(handedFlows.size());
            factsRead.increment(flowsToRead.size() + subsTouched.size());
            lock.writeLock().lock();
            try {
                // The incoming lists that change: each touched fact's target before and after.
                java.util.BitSet targets = new java.util.BitSet();
                java.util.BitSet structural = new java.util.BitSet();
                remarked.clear();
                remarkedFrom.clear();
                Map<String, Fact> flowsBefore = new HashMap<>();
                flowsTouched.forEach(id -> flowsBefore.put(id, flows.get(id)));
                flowsTouched.stream().map(flows::get).filter(java.util.Objects::nonNull).forEach(f -> targets.set(f.to));
                subsTouched.stream().map(subs::get).filter(java.util.Objects::nonNull).forEach(f -> structural.set(f.to));
                Set<String> found = new HashSet<>();
                organisations.forEach(row -> found.add(putOrganisation(row)));
                organisationsTouched.stream().filter(id -> !found.contains(id)).forEach(this::removeOrganisation);
                found.clear();
                flowRows.forEach(row -> found.add(putFact(row, false)));
                flowsTouched.stream().filter(id -> !found.contains(id)).forEach(id -> removeFact(id, false));
                found.clear();
                subRows.forEach(row -> found.add(putFact(row, true)));
                subsTouched.stream().filter(id -> !found.contains(id)).forEach(id -> removeFact(id, true));
                flowsTouched.stream().map(flows::get).filter(java.util.Objects::nonNull).forEach(f -> targets.set(f.to));
                subsTouched.stream().map(subs::get).filter(java.util.Objects::nonNull).forEach(f -> structural.set(f.to));
                // A re-marked organisation (marking or kind; a name changes no answer) hides or shows itself on
                // chains, as a vendor and as a client: the incoming lists that hold its links and the ones of its own.
                // As a link of chains it moves the reach of those downstream; as a client the rankings patch it.
                remarked.stream().forEach(organisation -> {
                    structural.set(organisation);
                    for (List<Fact> own : List.of(listOrEmpty(flowsFrom, organisation), listOrEmpty(subsFrom, organisation))) {
                        own.forEach(f -> targets.set(f.to));
                    }
                });
                targets.or(structural);
                List<FlowChange> flowChanges = new ArrayList<>();
                flowsBefore.forEach((id, before) -> {
                    Fact after = flows.get(id);
                    if (before != after) {
                        flowChanges.add(new FlowChange(before, after));
                    }
                });
                Remark[] remarks = remarkedFrom.values().toArray(Remark[]::new);
                remarked.clear();
                remarkedFrom.clear();
                appliedSeq = last;
                if (committed != null) {
                    lag.record(java.time.Duration.between(committed, java.time.OffsetDateTime.now()).abs());
                }
                if (taxonomyTouched) {
                    touchedAnything(); // categories' sensitivity shows in answers
                } else if (!targets.isEmpty()) {
                    touched(new Touched(version.get() + 1, targets.stream().toArray(), structural.stream().toArray(),
                            flowChanges.toArray(FlowChange[]::new), remarks, !subsTouched.isEmpty()));
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** The data flows handed over with an entry, as {@link #readFacts} rows without their ends' kinds and markings. */
    private Map<String, Object[]> handedFlows(Change change) {
        List<ChangeFeed.Written> facts = changeFeed.handedOver(change);
        if (facts == null) {
            return Map.of();
        }
        Map<String, Object[]> rows = new HashMap<>();
        for (ChangeFeed.Written fact : facts) {
            if (fact.kind().equals(Facts.ENTRUSTS)) {
                Map<String, Object> stored = fact.properties();
                rows.put(fact.id(), new Object[]{fact.id(), fact.from(), fact.to(),
                        stored.get("categories") instanceof String[] names ? List.of(names) : null,
                        stored.get("people") instanceof Number people ? people.longValue() : NO_PEOPLE,
                        stored.get("confidence") instanceof Number confidence ? confidence.intValue() : Facts.DEFAULT_CONFIDENCE,
                        Boolean.TRUE.equals(stored.get("disputed")), tlp((String) stored.get("tlp")),
                        day((java.time.LocalDate) stored.get("since"), NO_DATE_BEFORE),
                        day((java.time.LocalDate) stored.get("until"), NO_DATE_AFTER)});
            }
        }
        return rows;
    }

    /** Moves the version (under the write lock) for anything: a rebuild, the taxonomy. */
    private void touchedAnything() {
        touched(new Touched(version.get() + 1, null, null, null, null, true));
    }

    /**
     * Whether a version may move routes into vendors: a route is a chain of sub-processing links, each from a visible
     * organisation, so only a moved link or a re-marked organisation that passes data on can. A new organisation or a
     * re-marked client (both structural for the rankings) leave the cached routes valid.
     */
    private boolean movesRoutes(Touched change) {
        if (change.structural() == null || change.subProcessingMoved()) {
            return true;
        }
        if (change.remarks() == null) {
            return change.structural().length > 0; // too many changes were kept to tell
        }
        for (Remark remark : change.remarks()) {
            if (!listOrEmpty(subsFrom, remark.organisation()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Moves the version (under the write lock), remembering what moved it. */
    private void touched(Touched change) {
        if (change.flows() != null && (change.flows().length > FLOW_CHANGES_PER_VERSION
                || flowChangesKept + change.flows().length > FLOW_CHANGES_KEPT)) {
            change = new Touched(change.version(), change.targets(), change.targets(), null, null,
                    change.subProcessingMoved()); // recomputed instead
        }
        if (movesRoutes(change)) {
            routesCache.clear(); // chains moved: routes computed before may be wrong now
        }
        version.incrementAndGet();
        history.addLast(change);
        flowChangesKept += change.flows() == null ? 0 : change.flows().length;
        if (history.size() > HISTORY) {
            Touched evicted = history.removeFirst();
            flowChangesKept -= evicted.flows() == null ? 0 : evicted.flows().length;
        }
    }

    /**
     * Whether an answer of {@code answered} with this footprint still holds: no version since touched an incoming
     * list it read. Cheap: a look at the few versions since, each a sorted list of targets.
     */
    public boolean stillValid(int[] footprint, long answered) {
        lock.readLock().lock();
        try {
            if (answered == version.get()) {
                return true;
            }
            if (history.isEmpty() || history.peekFirst().version() > answered + 1) {
                return false; // older than what is remembered
            }
            for (java.util.Iterator<Touched> it = history.descendingIterator(); it.hasNext(); ) {
                Touched change = it.next();
                if (change.version() <= answered) {
                    break;
                }
                if (change.targets() == null) {
                    return false;
                }
                for (int target : change.targets()) {
                    if (java.util.Arrays.binarySearch(footprint, target) >= 0) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static List<Fact> listOrEmpty(List<List<Fact>> lists, int organisation) {
        List<Fact> list = lists.get(organisation);
        return list == null ? List.of() : list;
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += READ_BATCH) {
            chunks.add(all.subList(from, Math.min(all.size(), from + READ_BATCH)));
        }
        return chunks;
    }

    // ------------------------------------------------------------------ reading the store

    // Each read in a read transaction (a follower's, in a cluster), whichever thread asks: the build's, the feed's
    // or a request's.
    private List<Object[]> readOrganisations(List<String> ids) {
        return readTransactions.run(() -> List.copyOf(neo4jClient.query(ORGANISATIONS.formatted("WHERE o.id IN $ids"))
                .bind(ids).to("ids").fetchAs(Object[].class).mappedBy((types, row) -> organisationRow(row)).all()));
    }

    private List<Object[]> readOrganisations(String where) {
        return readTransactions.run(() -> List.copyOf(neo4jClient.query(ORGANISATIONS.formatted(where))
                .fetchAs(Object[].class).mappedBy((types, row) -> organisationRow(row)).all()));
    }

    private static Object[] organisationRow(org.neo4j.driver.Record row) {
        return new Object[]{row.get("id").asString(), nullable(row.get("kind")), tlp(row.get("tlp"))};
    }

    private List<Object[]> readFacts(String query, String where, Map<String, Object> parameters) {
        return readTransactions.run(() -> List.copyOf(neo4jClient.query(query.formatted(where)).bindAll(parameters)
                .fetchAs(Object[].class).mappedBy((types, row) -> new Object[]{
                        row.get("id").asString(), row.get("client").asString(), row.get("processor").asString(),
                        row.get("categories").isNull() ? null : row.get("categories").asList(Value::asString),
                        row.get("people").isNull() ? NO_PEOPLE : row.get("people").asLong(),
                        row.get("confidence").isNull() ? Facts.DEFAULT_CONFIDENCE : row.get("confidence").asInt(),
                        !row.get("disputed").isNull() && row.get("disputed").asBoolean(),
                        tlp(row.get("tlp")), day(row.get("since"), NO_DATE_BEFORE), day(row.get("until"), NO_DATE_AFTER),
                        nullable(row.get("clientKind")), tlp(row.get("clientTlp")),
                        nullable(row.get("processorKind")), tlp(row.get("processorTlp"))})
                .all()));
    }

    private static String nullable(Value value) {
        return value.isNull() ? null : value.asString();
    }

    private static byte tlp(Value value) {
        return tlp(value.isNull() ? null : value.asString());
    }

    private static byte tlp(String stored) {
        if (stored == null) {
            return (byte) Tlp.CLEAR.ordinal();
        }
        try {
            return (byte) Tlp.valueOf(stored).ordinal();
        } catch (RuntimeException e) {
            return UNKNOWN_TLP;
        }
    }

    /** Epoch day of a stored date; absent = open; anything but a date never compares true in Cypher, so: never holds. */
    private static int day(Value value, int open) {
        if (value.isNull()) {
            return open;
        }
        try {
            return day(value.asLocalDate(), open);
        } catch (RuntimeException e) {
            return open == NO_DATE_BEFORE ? NO_DATE_AFTER : NO_DATE_BEFORE;
        }
    }

    private static int day(java.time.LocalDate date, int open) {
        return date == null ? open : (int) date.toEpochDay();
    }

    // ------------------------------------------------------------------ maintaining (under the write lock)

    private int organisation(String id) {
        Integer index = organisationIndex.get(id);
        if (index != null) {
            return index;
        }
        int added = organisationIds.size();
        organisationIndex.put(id, added);
        organisationIds.add(id);
        if (added >= organisationTlp.length) {
            int size = Math.max(16, added * 2);
            organisationTlp = java.util.Arrays.copyOf(organisationTlp, size);
            organisationKind = java.util.Arrays.copyOf(organisationKind, size);
        }
        // Known only as an end of a link until its own row is read: hidden from everybody.
        organisationTlp[added] = UNKNOWN_TLP;
        organisationKind[added] = -1;
        flowsTo.add(null);
        subsTo.add(null);
        flowsFrom.add(null);
        subsFrom.add(null);
        return added;
    }

    private String putOrganisation(Object[] row) {
        String id = (String) row[0];
        int index = organisation(id);
        int kind = row[1] == null ? -1 : kindIndex.computeIfAbsent((String) row[1], name -> {
            kinds.add(name);
            return kinds.size() - 1;
        });
        if (organisationTlp[index] != (byte) row[2] || organisationKind[index] != kind) {
            remarked(index);
        }
        organisationTlp[index] = (byte) row[2];
        organisationKind[index] = kind;
        return id;
    }

    /** A purged organisation: hidden from everybody (its links are named in the same entry and removed too). */
    private void removeOrganisation(String id) {
        Integer index = organisationIndex.get(id);
        if (index != null && organisationTlp[index] != UNKNOWN_TLP) {
            remarked(index);
            organisationTlp[index] = UNKNOWN_TLP;
        }
    }

    private void remarked(int organisation) {
        remarked.set(organisation);
        remarkedFrom.putIfAbsent(organisation, new Remark(organisation, organisationTlp[organisation],
                organisationKind[organisation]));
    }

    private int categorySet(List<String> names) {
        BitSet set = new BitSet();
        if (names != null) {
            for (String name : names) {
                set.set(categoryIndex.computeIfAbsent(name, n -> {
                    categoryNames.add(n);
                    return categoryNames.size() - 1;
                }));
            }
        }
        return categorySetIndex.computeIfAbsent(set, s -> {
            categorySets.add(s);
            return categorySets.size() - 1;
        });
    }

    @SuppressWarnings("unchecked")
    private String putFact(Object[] row, boolean subProcessing) {
        String id = (String) row[0];
        removeFact(id, subProcessing);
        if (row.length > 10) {
            // Its ends as they are now, in case the entry did not name them (a hand-over's ends are known already).
            putOrganisation(new Object[]{row[1], row[10], row[11]});
            putOrganisation(new Object[]{row[2], row[12], row[13]});
        }
        List<String> categories = (List<String>) row[3];
        Fact fact = new Fact(id, organisation((String) row[1]), organisation((String) row[2]),
                subProcessing && categories == null ? -1 : categorySet(categories), (long) row[4], (int) row[5],
                (boolean) row[6], (byte) row[7], (int) row[8], (int) row[9]);
        List<List<Fact>> byTarget = subProcessing ? subsTo : flowsTo;
        add(byTarget, fact.to, fact);
        add(subProcessing ? subsFrom : flowsFrom, fact.from, fact);
        (subProcessing ? subs : flows).put(id, fact);
        return id;
    }

    private void removeFact(String id, boolean subProcessing) {
        Fact old = (subProcessing ? subs : flows).remove(id);
        if (old != null) {
            (subProcessing ? subsTo : flowsTo).get(old.to).remove(old);
            (subProcessing ? subsFrom : flowsFrom).get(old.from).remove(old);
        }
    }

    private static void add(List<List<Fact>> lists, int organisation, Fact fact) {
        List<Fact> list = lists.get(organisation);
        if (list == null) {
            list = new ArrayList<>(2);
            lists.set(organisation, list);
        }
        list.add(fact);
    }

    // ------------------------------------------------------------------ answering (under the read lock)

    /** One way from a first processor to a breached vendor, as the query's {@code routes} keep it. */
    private record Route(int steps, String text, BitSet passedOn) {

        String pathText() {
            return text.substring(0, text.indexOf('#'));
        }

        int confidence() {
            return Integer.parseInt(text.substring(text.indexOf('#') + 1, text.lastIndexOf('#')));
        }

        boolean disputed() {
            return text.endsWith("#true");
        }
    }

    /**
     * The clients exposed by a breach of all {@code vendorIds}, exactly as {@code vendor-exposure.cypher} finds them;
     * unordered (the caller sorts).
     *
     * @param categories null, or the category ids that count
     * @param kinds      null, or the client kinds that count
     */
    public List<Row> exposure(Collection<String> vendorIds, int depth, Set<String> categories, Set<String> kinds,
                              LocalDate asOf, Visibility visibility) {
        return answer(vendorIds, depth, categories, kinds, asOf, visibility).rows();
    }

    /** {@link #exposure}, with its footprint and version, for caching until a change reaches it. */
    public Answer answer(Collection<String> vendorIds, int depth, Set<String> categories, Set<String> kinds,
                         LocalDate asOf, Visibility visibility) {
        ensureBuilt();
        lock.readLock().lock();
        try {
            java.util.BitSet footprint = new java.util.BitSet();
            Basis basis = new Basis(Set.copyOf(vendorIds), categories == null ? null : bits(categories, categoryIndex),
                    kinds == null ? null : bits(kinds, kindIndex), (int) asOf.toEpochDay(), visibility.clearance().ordinal());
            List<Row> rows = answer(basis, depth, footprint);
            return new Answer(rows, footprint.stream().toArray(), version.get(), basis);
        } finally {
            lock.readLock().unlock();
        }
    }

    private boolean visible(int organisation, int clearance) {
        return organisationTlp[organisation] <= clearance;
    }

    private List<Row> answer(Basis basis, int depth, java.util.BitSet footprint) {
        int day = basis.day;
        int clearance = basis.clearance;
        // 1. Backwards from each visible vendor along visible sub-processing that holds on the day: per first
        //    processor, per (categories passed on, steps), the least route text.
        Map<Integer, Map<RouteKey, String>> routeTexts = new HashMap<>();
        for (String vendorId : basis.vendorIds) {
            Integer vendor = organisationIndex.get(vendorId);
            if (vendor != null) {
                footprint.set(vendor); // hidden now, its re-marking must reach the answer too
            }
            if (vendor != null && visible(vendor, clearance)) {
                int[] stack = new int[depth];
                stack[0] = vendor;
                walkBack(stack, 1, depth - 1, null, 100, false, day, clearance, routeTexts);
            }
        }
        // 2. Per first processor: routes shortest first (then by text), one per distinct set of categories passed on.
        Map<Integer, Client> clients = new HashMap<>();
        routeTexts.keySet().forEach(footprint::set);
        routeTexts.forEach((p0, texts) -> {
            List<Route> routes = new ArrayList<>();
            texts.forEach((key, text) -> routes.add(new Route(key.steps(), text, key.passedOn())));
            routes.sort(Comparator.comparingInt(Route::steps).thenComparing(Route::text));
            List<Route> kept = new ArrayList<>();
            for (Route route : routes) {
                if (kept.stream().noneMatch(k -> k.passedOn() == null || k.passedOn().equals(route.passedOn()))) {
                    kept.add(route);
                }
            }
            basis.routes.put(p0, kept);
            List<Fact> incoming = flowsTo.get(p0);
            if (incoming != null) {
                for (Fact flow : incoming) {
                    expose(flow, kept, basis, clients);
                }
            }
        });
        List<Row> rows = new ArrayList<>(clients.size());
        clients.forEach((client, found) -> rows.add(row(client, found)));
        return rows;
    }

    private Row row(int client, Client found) {
        String[] best = found.best.split("#");
        String[] hopsAndPath = best[0].split(" ");
        Set<String> names = new HashSet<>();
        found.categories.stream().forEach(bit -> names.add(categoryNames.get(bit)));
        return new Row(organisationIds.get(client), names, Integer.parseInt(hopsAndPath[0]),
                List.of(hopsAndPath).subList(1, hopsAndPath.length),
                found.people == NO_PEOPLE ? null : Math.toIntExact(found.people), Integer.parseInt(best[1]),
                best[2].equals("true"));
    }

    /**
     * The rows of an answer that moved since it was given, or null when it must be computed again. A row rests on the
     * routes into the answer's first processors and on its client's flows into them, marking and kind. If nothing
     * under the footprint moved but data flows and clients' markings (no sub-processing, no re-marked organisation
     * on a route), the routes still hold and only the clients whose flows or marking moved need their row redone:
     * after a single-flow write, one row of the top vendor's answer rather than all of it.
     */
    public Patch patch(Answer answer) {
        lock.readLock().lock();
        try {
            long now = version.get();
            if (answer.version() == now) {
                return new Patch(now, Map.of());
            }
            Window window = windowSince(answer.version());
            if (window == null || answer.basis() == null) {
                return null;
            }
            int[] footprint = answer.footprint();
            for (int target = window.structural.nextSetBit(0); target >= 0; target = window.structural.nextSetBit(target + 1)) {
                if (java.util.Arrays.binarySearch(footprint, target) >= 0) {
                    return null;
                }
            }
            Map<String, Row> rows = new HashMap<>();
            changedFlowsByClient(window).forEach((client, changedIds) -> {
                boolean under = listOrEmpty(flowsFrom, client).stream().anyMatch(f -> answer.basis().routes.containsKey(f.to))
                        || changedIds.stream().map(window.flowsThen::get)
                        .anyMatch(f -> f != null && answer.basis().routes.containsKey(f.to));
                if (!under) {
                    return;
                }
                Map<Integer, Client> found = new HashMap<>();
                for (Fact flow : listOrEmpty(flowsFrom, client)) {
                    List<Route> routes = answer.basis().routes.get(flow.to);
                    if (routes != null) {
                        expose(flow, routes, answer.basis(), found);
                    }
                }
                Client row = found.get(client);
                rows.put(organisationIds.get(client), row == null ? null : row(client, row));
            });
            return new Patch(now, rows);
        } finally {
            lock.readLock().unlock();
        }
    }

    private record RouteKey(BitSet passedOn, int steps) {
    }

    /** What one client has gathered over its flows. */
    private static final class Client {
        String best;
        final BitSet categories = new BitSet();
        long people = NO_PEOPLE;
    }

    /**
     * Extends the chain {@code stack[0..size)} (vendor first) backwards. Only simple chains are walked: a chain
     * through a node twice has a shorter sub-chain from the same first processor passing on at least as much,
     * which the query's ordering puts first, so it never explains a client nor adds a category.
     */
    private void walkBack(int[] stack, int size, int stepsLeft, BitSet passedOn, int confidence, boolean disputed,
                          int day, int clearance, Map<Integer, Map<RouteKey, String>> routeTexts) {
        int p0 = stack[size - 1];
        StringBuilder text = new StringBuilder();
        for (int i = size - 1; i >= 0; i--) {
            text.append(' ').append(organisationIds.get(stack[i]));
        }
        text.append('#').append(confidence).append('#').append(disputed);
        routeTexts.computeIfAbsent(p0, k -> new HashMap<>())
                .merge(new RouteKey(passedOn, size - 1), text.toString(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        if (stepsLeft == 0) {
            return;
        }
        List<Fact> incoming = subsTo.get(p0);
        if (incoming == null) {
            return;
        }
        for (Fact sub : incoming) {
            BitSet passed = stepBack(sub, passedOn, stack, size, day, clearance);
            if (passed == BLOCKED) {
                continue;
            }
            stack[size] = sub.from;
            walkBack(stack, size + 1, stepsLeft - 1, passed, Math.min(confidence, sub.confidence),
                    disputed || sub.disputed, day, clearance, routeTexts);
        }
    }

    /** {@link #stepBack}'s answer for a link a chain cannot be extended by. */
    private static final BitSet BLOCKED = new BitSet();

    /**
     * What the chain {@code stack[0..size)} passes on once extended backwards by {@code sub} (null: everything), or
     * {@link #BLOCKED}: the link is hidden, does not hold on the day, comes from a hidden organisation or one already
     * on the chain, or passes nothing on (then no longer chain through it can pass anything either).
     */
    private BitSet stepBack(Fact sub, BitSet passedOn, int[] stack, int size, int day, int clearance) {
        if (sub.tlp > clearance || !sub.holds(day) || !visible(sub.from, clearance) || onStack(stack, size, sub.from)) {
            return BLOCKED;
        }
        if (sub.categories < 0) {
            return passedOn;
        }
        BitSet passed = (BitSet) categorySets.get(sub.categories).clone();
        if (passedOn != null) {
            passed.and(passedOn);
        }
        return passed.isEmpty() ? BLOCKED : passed;
    }

    private static boolean onStack(int[] stack, int size, int node) {
        for (int i = 0; i < size; i++) {
            if (stack[i] == node) {
                return true;
            }
        }
        return false;
    }

    /** One flow into a first processor: the shortest route carrying any of its categories explains it. */
    private void expose(Fact flow, List<Route> routes, Basis basis, Map<Integer, Client> clients) {
        int client = flow.from;
        BitSet kindsAllowed = basis.kindsAllowed;
        if (flow.tlp > basis.clearance || !flow.holds(basis.day) || !visible(client, basis.clearance)
                || (kindsAllowed != null && (organisationKind[client] < 0 || !kindsAllowed.get(organisationKind[client])))
                || basis.vendorIds.contains(organisationIds.get(client))) {
            return;
        }
        BitSet carried = (BitSet) categorySets.get(flow.categories).clone();
        if (basis.filter != null) {
            carried.and(basis.filter);
        }
        if (carried.isEmpty()) {
            return;
        }
        Route shortest = null;
        BitSet reached = new BitSet();
        for (Route route : routes) {
            BitSet through = carried;
            if (route.passedOn() != null) {
                through = (BitSet) carried.clone();
                through.and(route.passedOn());
            }
            if (!through.isEmpty()) {
                if (shortest == null) {
                    shortest = route;
                }
                reached.or(through);
            }
        }
        if (shortest == null) {
            return;
        }
        int routeConfidence = shortest.confidence();
        String best = (shortest.steps() + 1) + " " + organisationIds.get(client) + shortest.pathText()
                + '#' + (flow.confidence < routeConfidence ? flow.confidence : routeConfidence)
                + '#' + (flow.disputed || shortest.disputed());
        Client found = clients.computeIfAbsent(client, k -> new Client());
        if (found.best == null || best.compareTo(found.best) < 0) {
            found.best = best;
        }
        found.categories.or(reached);
        if (flow.people != NO_PEOPLE && flow.people > found.people) {
            found.people = flow.people;
        }
    }

    // ------------------------------------------------------------------ rankings (under the read lock)

    /**
     * One organisation's reach within {@value ExposureService#DEFAULT_DEPTH} hops, aggregated as
     * {@code concentration-risk.cypher} aggregates it: dependent clients, those exposing an Article 9 category, the
     * people of the clients whose number is known (null when none is), and the sum over clients of the highest
     * sensitivity they expose.
     */
    public record Reach(String organisationId, int clients, int specialClients, int clientsWithPeople, long people,
                        long sensitivitySum) {

        /** The people of the clients whose number is known; null when none is. */
        public Long knownPeople() {
            return clientsWithPeople == 0 ? null : people;
        }

        /** This reach with a change to it ({@link ReachUpdate#changes}) added. */
        public Reach plus(Reach change) {
            return new Reach(organisationId, clients + change.clients, specialClients + change.specialClients,
                    clientsWithPeople + change.clientsWithPeople, people + change.people,
                    sensitivitySum + change.sensitivitySum);
        }
    }

    /**
     * What changed in a ranking's reach table since version {@code since}: the whole table ({@code complete}), or
     * the organisations whose reach was recomputed ({@code recomputed}, each with its new reach in {@code reaches}
     * when anybody still depends on it), and for others the change to their reach ({@code changes}, to be added).
     */
    public record ReachUpdate(long version, boolean complete, Set<String> recomputed, List<Reach> reaches,
                              List<Reach> changes) {
    }

    /**
     * The reach of every organisation that receives data (if {@code since} is negative or older than the remembered
     * history, or the taxonomy moved), or what changed since {@code since}. A reach rests on the routes into the
     * organisation (sub-processing at most two hops upstream, and the markings of the organisations on them) and on
     * the data flows into those routes. Where a route moved, the reach is recomputed: below a changed sub-processing
     * link or re-marked organisation, at most two hops. Where only data flows or a client's marking or kind moved, the
     * reach is patched: each such client's share in it as it was at {@code since} is taken out and its share now put
     * in, so a single-flow write costs the few organisations below that flow, whatever their size.
     *
     * @param sensitivity per category id its sensitivity (absent: 1)
     * @param special     the Article 9 category ids
     */
    public ReachUpdate reachSince(long since, Set<String> categories, Set<String> kinds, LocalDate asOf,
                                  Visibility visibility, Map<String, Integer> sensitivity, Set<String> special) {
        ensureBuilt();
        lock.readLock().lock();
        try {
            long now = version.get();
            if (since == now) {
                return new ReachUpdate(now, false, Set.of(), List.of(), List.of());
            }
            ReachQuestion question = new ReachQuestion(categories == null ? null : bits(categories, categoryIndex),
                    kinds == null ? null : bits(kinds, kindIndex), (int) asOf.toEpochDay(), visibility.clearance().ordinal(),
                    new int[categoryNames.size()], new BitSet());
            for (int c = 0; c < question.sensitivityOf.length; c++) {
                Integer known = sensitivity.get(categoryNames.get(c));
                question.sensitivityOf[c] = known == null ? 1 : known;
                if (special.contains(categoryNames.get(c))) {
                    question.special.set(c);
                }
            }
            Window window = since < 0 ? null : windowSince(since);
            BitSet recompute = new BitSet();
            if (window == null) {
                for (int o = 0; o < organisationIds.size(); o++) {
                    if (flowsTo.get(o) != null && !flowsTo.get(o).isEmpty() || subsTo.get(o) != null && !subsTo.get(o).isEmpty()) {
                        recompute.set(o);
                    }
                }
            } else {
                recompute = downstream(window.structural, DEFAULT_SUB_PROCESSING);
            }
            Set<String> recomputed = new HashSet<>();
            List<Reach> reaches = new ArrayList<>();
            recompute.stream().forEach(vendor -> {
                recomputed.add(organisationIds.get(vendor));
                Reach reach = reachOf(vendor, question);
                if (reach != null) {
                    reaches.add(reach);
                }
            });
            List<Reach> changes = window == null ? List.of() : changesSince(window, recompute, question);
            return new ReachUpdate(now, window == null, recomputed, reaches, changes);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What a ranking asks: its filters (null: all), day and clearance, and the taxonomy's weights by category index. */
    private record ReachQuestion(BitSet filter, BitSet kindsAllowed, int day, int clearance, int[] sensitivityOf,
                                 BitSet special) {
    }

    /**
     * The versions after a ranking's: where routes moved ({@code structural}), and per data flow and organisation that
     * moved, how it was at the ranking's version (the earliest "before" in the window; a null fact = absent then);
     * {@code chainsOrUnknown}: a sub-processing link moved, or some version kept no flow changes (too many).
     */
    private static final class Window {
        final BitSet structural = new BitSet();
        final Map<String, Fact> flowsThen = new HashMap<>();
        final Map<Integer, Remark> remarksThen = new HashMap<>();
        boolean chainsOrUnknown;
    }

    /** The window after version {@code since}; null if anything may have moved (older than the history, a rebuild). */
    private Window windowSince(long since) {
        if (history.isEmpty() || history.peekFirst().version() > since + 1) {
            return null;
        }
        Window window = new Window();
        // Newest first, so each fact's and organisation's last "before" written is its earliest.
        for (java.util.Iterator<Touched> it = history.descendingIterator(); it.hasNext(); ) {
            Touched change = it.next();
            if (change.version() <= since) {
                break;
            }
            if (change.structural() == null) {
                return null;
            }
            for (int target : change.structural()) {
                window.structural.set(target);
            }
            window.chainsOrUnknown |= change.subProcessingMoved() || change.flows() == null;
            if (change.flows() != null) {
                for (FlowChange flow : change.flows()) {
                    window.flowsThen.put((flow.before() != null ? flow.before() : flow.after()).id, flow.before());
                }
                for (Remark remark : change.remarks()) {
                    window.remarksThen.put(remark.organisation(), remark);
                }
            }
        }
        return window;
    }

    /**
     * The changes to reaches not recomputed: per client whose flows or marking moved in the window, its share in the
     * reach of each organisation below what it changed (at most two hops), then less now.
     */
    private List<Reach> changesSince(Window window, BitSet recomputed, ReachQuestion question) {
        Map<Integer, long[]> totals = new HashMap<>();
        changedFlowsByClient(window).forEach((client, changedIds) -> {
            List<Fact> now = listOrEmpty(flowsFrom, client);
            List<Fact> then = new ArrayList<>(now.size() + changedIds.size());
            now.stream().filter(f -> !changedIds.contains(f.id)).forEach(then::add);
            changedIds.stream().map(window.flowsThen::get).filter(f -> f != null && f.from == client).forEach(then::add);
            Remark remark = window.remarksThen.get(client);
            BitSet below = new BitSet();
            if (remark != null) {
                now.forEach(f -> below.set(f.to));
                then.forEach(f -> below.set(f.to));
            } else {
                for (String id : changedIds) {
                    for (Fact fact : new Fact[]{window.flowsThen.get(id), flows.get(id)}) {
                        if (fact != null) {
                            below.set(fact.to);
                        }
                    }
                }
            }
            BitSet vendors = downstream(below, DEFAULT_SUB_PROCESSING);
            vendors.andNot(recomputed);
            byte tlpThen = remark == null ? organisationTlp[client] : remark.tlp();
            int kindThen = remark == null ? organisationKind[client] : remark.kind();
            vendors.stream().filter(vendor -> visible(vendor, question.clearance)).forEach(vendor -> {
                Map<Integer, BitSet> routes = routesInto(vendor, question.day, question.clearance);
                long[] total = totals.computeIfAbsent(vendor, v -> new long[TOTALS]);
                addShare(total, vendor, client, then, tlpThen, kindThen, routes, question, -1);
                addShare(total, vendor, client, now, organisationTlp[client], organisationKind[client], routes, question, 1);
            });
        });
        List<Reach> changes = new ArrayList<>();
        totals.forEach((vendor, total) -> {
            if (java.util.Arrays.stream(total).anyMatch(t -> t != 0)) {
                changes.add(reach(vendor, total));
            }
        });
        return changes;
    }

    /** The clients whose flows or marking moved in a window, each with the ids of its flows that moved. */
    private Map<Integer, Set<String>> changedFlowsByClient(Window window) {
        Map<Integer, Set<String>> byClient = new HashMap<>();
        window.flowsThen.forEach((id, then) -> {
            for (Fact fact : new Fact[]{then, flows.get(id)}) {
                if (fact != null) {
                    byClient.computeIfAbsent(fact.from, c -> new HashSet<>()).add(id);
                }
            }
        });
        window.remarksThen.keySet().forEach(client -> byClient.computeIfAbsent(client, c -> new HashSet<>()));
        return byClient;
    }

    /** Sub-processing hops below the first processor that analyses without a depth count (three hops in all). */
    private static final int DEFAULT_SUB_PROCESSING = ExposureService.DEFAULT_DEPTH - 1;

    /** These organisations and those at most {@code hops} sub-processing links below them (any marking or date). */
    private BitSet downstream(BitSet from, int hops) {
        BitSet reached = (BitSet) from.clone();
        BitSet frontier = from;
        for (int hop = 0; hop < hops && !frontier.isEmpty(); hop++) {
            BitSet next = new BitSet();
            frontier.stream().forEach(o -> listOrEmpty(subsFrom, o).forEach(sub -> {
                if (!reached.get(sub.to)) {
                    next.set(sub.to);
                }
            }));
            reached.or(next);
            frontier = next;
        }
        return reached;
    }

    /** The categories reaching a vendor through each first processor: their union over its routes (ALL = anything). */
    private static final BitSet ALL = new BitSet();

    /** Routes into an organisation on a day at a clearance, kept until a route anywhere moves (see {@link #touched}). */
    private record RoutesKey(int vendor, int day, int clearance) {
    }

    private final Map<RoutesKey, Map<Integer, BitSet>> routesCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int ROUTES_CACHED = 20_000;

    private Map<Integer, BitSet> routesInto(int vendor, int day, int clearance) {
        RoutesKey key = new RoutesKey(vendor, day, clearance);
        Map<Integer, BitSet> routes = routesCache.get(key);
        if (routes == null) {
            routes = routesComputed(vendor, day, clearance);
            if (routesCache.size() >= ROUTES_CACHED) {
                routesCache.clear();
            }
            routesCache.put(key, routes);
        }
        return routes;
    }

    /** Per first processor, the categories its routes into the vendor pass on (uncached: a whole table's walk). */
    private Map<Integer, BitSet> routesComputed(int vendor, int day, int clearance) {
        Map<Integer, BitSet> routes = new HashMap<>();
        int[] stack = new int[DEFAULT_SUB_PROCESSING + 1];
        stack[0] = vendor;
        collectRoutes(stack, 1, null, day, clearance, routes);
        return routes;
    }

    /** A reach's running totals: clients, special clients, clients with a known head count, people, sensitivity. */
    private static final int TOTALS = 5;

    /**
     * Adds ({@code sign} 1) or takes out (-1) one client's share in a vendor's reach: given the client's flows, marking
     * and kind, the categories it exposes through the routes into the vendor, and the most people of those flows.
     */
    private void addShare(long[] total, int vendor, int client, List<Fact> clientFlows, byte clientTlp, int clientKind,
                          Map<Integer, BitSet> routes, ReachQuestion question, int sign) {
        if (client == vendor || clientTlp > question.clearance || (question.kindsAllowed != null
                && (clientKind < 0 || !question.kindsAllowed.get(clientKind)))) {
            return;
        }
        BitSet exposed = null;
        long people = NO_PEOPLE;
        for (Fact flow : clientFlows) {
            BitSet passedOn = routes.get(flow.to);
            if (passedOn == null || flow.tlp > question.clearance || !flow.holds(question.day)) {
                continue;
            }
            BitSet carried = carried(flow, passedOn, question.filter);
            if (carried.isEmpty()) {
                continue;
            }
            if (exposed == null) {
                exposed = carried;
            } else {
                exposed.or(carried);
            }
            people = Math.max(people, flow.people);
        }
        if (exposed != null) {
            addShare(total, exposed, people, question, sign);
        }
    }

    private BitSet carried(Fact flow, BitSet passedOn, BitSet filter) {
        BitSet carried = (BitSet) categorySets.get(flow.categories).clone();
        if (passedOn != ALL) {
            carried.and(passedOn);
        }
        if (filter != null) {
            carried.and(filter);
        }
        return carried;
    }

    private static void addShare(long[] total, BitSet exposed, long people, ReachQuestion question, int sign) {
        int highest = 1;
        for (int c = exposed.nextSetBit(0); c >= 0; c = exposed.nextSetBit(c + 1)) {
            highest = Math.max(highest, question.sensitivityOf[c]);
        }
        total[0] += sign;
        total[1] += exposed.intersects(question.special) ? sign : 0;
        if (people != NO_PEOPLE) {
            total[2] += sign;
            total[3] += sign * people;
        }
        total[4] += (long) sign * highest;
    }

    private Reach reach(int vendor, long[] total) {
        return new Reach(organisationIds.get(vendor), (int) total[0], (int) total[1], (int) total[2], total[3], total[4]);
    }

    private Reach reachOf(int vendor, ReachQuestion question) {
        if (!visible(vendor, question.clearance)) {
            return null;
        }
        Map<Integer, BitSet> routes = routesComputed(vendor, question.day, question.clearance);
        // Per client its flows into the routes, each client's share then counted by the one rule patches use too.
        Map<Integer, List<Fact>> flowsByClient = new HashMap<>();
        routes.keySet().forEach(p0 -> listOrEmpty(flowsTo, p0)
                .forEach(flow -> flowsByClient.computeIfAbsent(flow.from, c -> new ArrayList<>()).add(flow)));
        long[] total = new long[TOTALS];
        flowsByClient.forEach((client, clientFlows) -> addShare(total, vendor, client, clientFlows, organisationTlp[client],
                organisationKind[client], routes, question, 1));
        return total[0] == 0 ? null : reach(vendor, total);
    }

    /** As {@link #walkBack}, keeping per first processor only the union of what its routes pass on. */
    private void collectRoutes(int[] stack, int size, BitSet passedOn, int day, int clearance, Map<Integer, BitSet> byProcessor) {
        int p0 = stack[size - 1];
        byProcessor.merge(p0, passedOn == null ? ALL : passedOn, (a, b) -> {
            if (a == ALL || b == ALL) {
                return ALL;
            }
            BitSet union = (BitSet) a.clone();
            union.or(b);
            return union;
        });
        if (size == stack.length) {
            return;
        }
        for (Fact sub : listOrEmpty(subsTo, p0)) {
            BitSet passed = stepBack(sub, passedOn, stack, size, day, clearance);
            if (passed == BLOCKED) {
                continue;
            }
            stack[size] = sub.from;
            collectRoutes(stack, size + 1, passed, day, clearance, byProcessor);
        }
    }

    /**
     * The facts behind a vendor's non-exposure risk factors that the index holds (docs/risk-model.md): its visible
     * direct flows holding on the day, those from a client of a critical kind, those disputed or below 50 %
     * confidence, and the longest chain of visible sub-processing below it (at most 4 links, no link twice).
     */
    public record VendorFacts(String vendorId, int flows, int criticalClients, int uncertainFlows, int subProcessingDepth) {
    }

    /** Most sub-processing links the depth factor counts. */
    private static final int MAX_COUNTED_DEPTH = 4;

    /**
     * {@link VendorFacts} of these organisations (those visible), or with {@code ids} null of every visible
     * organisation that receives visible data on the day (a flow or sub-processing link from a visible organisation).
     */
    public List<VendorFacts> vendorFacts(Collection<String> ids, LocalDate asOf, Visibility visibility,
                                         Collection<String> criticalKinds) {
        ensureBuilt();
        lock.readLock().lock();
        try {
            VendorFactsQuestion question = new VendorFactsQuestion(asOf, visibility, criticalKinds);
            List<VendorFacts> result = new ArrayList<>();
            if (ids != null) {
                ids.stream().map(organisationIndex::get).filter(java.util.Objects::nonNull).distinct()
                        .forEach(vendor -> vendorFacts(vendor, question, result));
            } else {
                allVendorFacts(question, result);
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Every vendor's {@link VendorFacts} as {@link #vendorFacts} gives them for all, updated since version {@code since}
     * (-1: never): after changes to data flows and to markings or kinds of organisations without sub-processing links,
     * just the vendors at an end of what moved are computed again ({@code recomputed}, those still receiving data in
     * {@code facts}); after anything else ({@code complete}) all of them.
     */
    public VendorFactsUpdate vendorFactsSince(long since, LocalDate asOf, Visibility visibility,
                                              Collection<String> criticalKinds) {
        ensureBuilt();
        lock.readLock().lock();
        try {
            long now = version.get();
            VendorFactsQuestion question = new VendorFactsQuestion(asOf, visibility, criticalKinds);
            List<VendorFacts> facts = new ArrayList<>();
            if (since == now) {
                return new VendorFactsUpdate(now, false, Set.of(), facts);
            }
            BitSet vendors = since < 0 ? null : vendorsMovedSince(since);
            if (vendors == null) {
                allVendorFacts(question, facts);
                return new VendorFactsUpdate(now, true, Set.of(), facts);
            }
            Set<String> recomputed = new HashSet<>();
            vendors.stream().forEach(vendor -> {
                recomputed.add(organisationIds.get(vendor));
                if (receives(vendor, question.day, question.clearance)) {
                    vendorFacts(vendor, question, facts);
                }
            });
            return new VendorFactsUpdate(now, false, recomputed, facts);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What {@link #vendorFactsSince} found: the version it is of, and the vendors' facts it computed. */
    public record VendorFactsUpdate(long version, boolean complete, Set<String> recomputed, List<VendorFacts> facts) {
    }

    private final class VendorFactsQuestion {
        final int day;
        final int clearance;
        final BitSet critical;

        VendorFactsQuestion(LocalDate asOf, Visibility visibility, Collection<String> criticalKinds) {
            day = (int) asOf.toEpochDay();
            clearance = visibility.clearance().ordinal();
            critical = bits(Set.copyOf(criticalKinds), kindIndex);
        }
    }

    /**
     * The vendors whose direct facts the versions after {@code since} may have moved: the receiving ends of the data
     * flows that moved, and each re-marked or re-kinded organisation with the vendors of its flows. Null when more may
     * have moved: sub-processing (chains' depth), a re-marked organisation on a chain, versions older than the history
     * or that kept no flow changes.
     */
    private BitSet vendorsMovedSince(long since) {
        Window window = windowSince(since);
        if (window == null || window.chainsOrUnknown) {
            return null;
        }
        BitSet vendors = new BitSet();
        window.flowsThen.forEach((id, then) -> {
            for (Fact fact : new Fact[]{then, flows.get(id)}) {
                if (fact != null) {
                    vendors.set(fact.to);
                }
            }
        });
        for (int organisation : window.remarksThen.keySet()) {
            if (!listOrEmpty(subsFrom, organisation).isEmpty() || !listOrEmpty(subsTo, organisation).isEmpty()) {
                return null;
            }
            vendors.set(organisation);
            listOrEmpty(flowsFrom, organisation).forEach(f -> vendors.set(f.to));
        }
        return vendors;
    }

    private void allVendorFacts(VendorFactsQuestion question, List<VendorFacts> result) {
        for (int o = 0; o < organisationIds.size(); o++) {
            if (receives(o, question.day, question.clearance)) {
                vendorFacts(o, question, result);
            }
        }
    }

    /** Adds one vendor's facts, if the caller may see it. */
    private void vendorFacts(int vendor, VendorFactsQuestion question, List<VendorFacts> result) {
        int clearance = question.clearance;
        if (!visible(vendor, clearance)) {
            return;
        }
        int flowCount = 0;
        int criticalCount = 0;
        int uncertain = 0;
        for (Fact flow : listOrEmpty(flowsTo, vendor)) {
            if (flow.tlp <= clearance && flow.holds(question.day) && visible(flow.from, clearance)) {
                flowCount++;
                if (organisationKind[flow.from] >= 0 && question.critical.get(organisationKind[flow.from])) {
                    criticalCount++;
                }
                if (flow.disputed || flow.confidence < 50) {
                    uncertain++;
                }
            }
        }
        result.add(new VendorFacts(organisationIds.get(vendor), flowCount, criticalCount, uncertain,
                longestChain(vendor, new ArrayList<>(), question.day, clearance)));
    }

    private boolean receives(int organisation, int day, int clearance) {
        for (List<Fact> incoming : List.of(listOrEmpty(flowsTo, organisation), listOrEmpty(subsTo, organisation))) {
            for (Fact fact : incoming) {
                if (fact.tlp <= clearance && fact.holds(day) && visible(fact.from, clearance)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Longest walk down visible sub-processing from {@code from}, no link twice (as a Cypher path), at most 4 links. */
    private int longestChain(int from, List<Fact> used, int day, int clearance) {
        if (used.size() == MAX_COUNTED_DEPTH) {
            return used.size();
        }
        int longest = used.size();
        for (Fact sub : listOrEmpty(subsFrom, from)) {
            if (sub.tlp > clearance || !sub.holds(day) || !visible(sub.to, clearance) || used.contains(sub)) {
                continue;
            }
            used.add(sub);
            longest = Math.max(longest, longestChain(sub.to, used, day, clearance));
            used.remove(used.size() - 1);
            if (longest == MAX_COUNTED_DEPTH) {
                break;
            }
        }
        return longest;
    }

    /** The ids {@code index} gave these names (names never met are in no fact, so they count for nothing). */
    private static BitSet bits(Set<String> names, Map<String, Integer> index) {
        BitSet bits = new BitSet();
        names.forEach(name -> {
            Integer id = index.get(name);
            if (id != null) {
                bits.set(id);
            }
        });
        return bits;
    }
}
