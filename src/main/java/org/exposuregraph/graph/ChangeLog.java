package org.exposuregraph.graph;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.exposuregraph.graph.ChangeSet.Outcome;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The change record: an outbox in the graph. Every committed write adds one {@code (:Change:Unsequenced)} node
 * in its own transaction, so a write and its entry commit or vanish together, with the embedded database and a
 * server alike. Numbering is a separate, short step ({@link #sequence()}), run after each write and by a sweeper:
 * it gives the unnumbered entries the next numbers in the order they were written, under a uniqueness constraint
 * on {@code seq}. Writers therefore never wait for each other on a counter (a bulk import's parallel writers would
 * otherwise commit one at a time), and a reader that has seen entry {@code n} never later finds an entry below
 * {@code n}: an entry gets its number only once it is committed, and numbers are only handed out above the
 * highest committed one. Entries are written after the write's own statements, when it holds all its locks, so
 * two writes to the same element are recorded in the order they committed.
 */
@Service
public class ChangeLog implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ChangeLog.class);
    static final String LABEL = "Change";
    static final String UNSEQUENCED = "Unsequenced";
    /** Entries listing more elements than this (bulk batches) keep their lists compressed ({@link #pack}). */
    static final int PACK_ABOVE = 256;
    /** Entries numbered per sequencing transaction. */
    static final int SEQUENCE_BATCH = 1_000;
    private static final String APPEND = """
            CREATE (c:Change:Unsequenced {id: $id, at: datetime.realtime(), operation: $operation, actor: $actor,
                    created: $created, updated: $updated, ended: $ended, removed: $removed,
                    categories: $categories, organisations: $organisations, size: $size})
            SET c.tlp = $tlp, c.packed = $packed
            """;
    private static final String SEQUENCE = """
            MATCH (c:Unsequenced)
            WITH c ORDER BY c.at, c.id LIMIT $limit
            WITH collect(c) AS pending
            CALL () {
              OPTIONAL MATCH (last:Change) WHERE last.seq IS NOT NULL
              WITH last ORDER BY last.seq DESC LIMIT 1
              RETURN coalesce(last.seq, 0) AS highest
            }
            UNWIND range(0, size(pending) - 1) AS i
            WITH pending[i] AS c, highest + 1 + i AS seq
            SET c.seq = seq
            REMOVE c:Unsequenced
            RETURN count(c) AS numbered
            """;

    private final Neo4jClient neo4jClient;
    private final TransactionTemplate transactions;
    private final Object sequencing = new Object();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "change-log-sequencer");
        thread.setDaemon(true);
        return thread;
    });

    ChangeLog(Neo4jClient neo4jClient, TransactionTemplate transactions,
              org.exposuregraph.database.SchemaMigrations migrations) {
        this.neo4jClient = neo4jClient;
        this.transactions = transactions;
    }

    /** Numbers what earlier runs left unnumbered (a process killed between a commit and its numbering), then sweeps. */
    @Override
    public void afterPropertiesSet() {
        sequence();
        // A safety net: writers number their own entries at once; this catches what a failed numbering left behind.
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    private void sweep() {
        try {
            sequence();
        } catch (RuntimeException e) {
            log.warn("Numbering the change record failed; will try again: {}", e.toString());
        }
    }

    /** Adds the entry for {@code changes} inside the caller's open transaction (Spring's, over the driver). */
    void append(ChangeSet changes) {
        if (changes.isEmpty()) {
            return;
        }
        neo4jClient.query(APPEND).bindAll(parameters(changes)).run();
    }

    /** Adds the entry for {@code changes} inside an open in-process transaction (the bulk writers'). */
    public static void append(Transaction tx, ChangeSet changes) {
        if (changes.isEmpty()) {
            return;
        }
        Node node = tx.createNode(Label.label(LABEL), Label.label(UNSEQUENCED));
        parameters(changes).forEach((key, value) -> {
            if (value != null && !(value instanceof List<?> empty && empty.isEmpty())) {
                node.setProperty(key, value instanceof List<?> list ? list.toArray(String[]::new) : value);
            }
        });
        node.setProperty("at", java.time.ZonedDateTime.now(ZoneOffset.UTC));
    }

    private static Map<String, Object> parameters(ChangeSet changes) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", changes.id());
        parameters.put("operation", changes.operation());
        parameters.put("actor", changes.actor());
        Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
        lists.put("created", changes.elements(Outcome.CREATED));
        lists.put("updated", changes.elements(Outcome.UPDATED));
        lists.put("ended", changes.elements(Outcome.ENDED));
        lists.put("removed", changes.elements(Outcome.REMOVED));
        lists.put("categories", changes.categories());
        lists.put("organisations", changes.organisations());
        boolean packed = changes.size() > PACK_ABOVE;
        lists.forEach((name, values) -> parameters.put(name, packed ? List.of() : values));
        parameters.put("packed", packed ? pack(lists) : null);
        parameters.put("size", (long) changes.size());
        parameters.put("tlp", Tlp.stored(changes.strictest()));
        return parameters;
    }

    /**
     * A bulk batch's lists, compressed into one byte array: thousands of ids as string arrays cost the commit a
     * dynamic record per 120 bytes; compressed, about a sixth. One {@code #name} line per list, then its values.
     */
    static byte[] pack(Map<String, List<String>> lists) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.Writer out = new java.io.OutputStreamWriter(new java.util.zip.DeflaterOutputStream(bytes,
                new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED)), java.nio.charset.StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<String>> list : lists.entrySet()) {
                out.write('#');
                out.write(list.getKey());
                out.write('\n');
                for (String value : list.getValue()) {
                    out.write(value);
                    out.write('\n');
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, List<String>> unpack(byte[] packed) {
        Map<String, List<String>> lists = new HashMap<>();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(packed)),
                java.nio.charset.StandardCharsets.UTF_8))) {
            List<String> current = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#")) {
                    current = new java.util.ArrayList<>();
                    lists.put(line.substring(1), current);
                } else if (current != null) {
                    current.add(line);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lists;
    }

    /**
     * Numbers every committed entry that has no number yet; returns how many. Two instances numbering at once
     * collide on the uniqueness of {@code seq}: the loser's transaction rolls back and it tries again.
     */
    public long sequence() {
        synchronized (sequencing) {
            long total = 0;
            for (long numbered = SEQUENCE_BATCH; numbered == SEQUENCE_BATCH; total += numbered) {
                numbered = TransientFailures.retry("numbering the change record", this::sequenceBatchOrRetry);
            }
            return total;
        }
    }

    private long sequenceBatchOrRetry() {
        try {
            return transactions.execute(status -> neo4jClient.query(SEQUENCE).bind(SEQUENCE_BATCH).to("limit")
                    .fetchAs(Long.class).one().orElse(0L));
        } catch (DataIntegrityViolationException e) {
            // Another instance handed out the same numbers first: a transient clash by construction.
            throw new org.springframework.dao.TransientDataAccessResourceException("change numbers taken", e);
        }
    }

    /** Entries after {@code seq}, in order, at most {@code first}; those holding anything the caller may not see are left out. */
    @Transactional(readOnly = true) // a READ session (routed to a follower), retried by ReadTransactions
    public List<Change> after(long seq, int first) {
        return after(seq, first, Visibility.current());
    }

    /**
     * Entries after {@code seq} as {@code visibility} may see them; the application's own followers
     * ({@link ChangeFeed}) read every entry with {@link Visibility#EVERYTHING}, whoever is calling.
     */
    List<Change> after(long seq, int first, Visibility visibility) {
        return List.copyOf(neo4jClient.query("""
                        MATCH (c:Change) WHERE c.seq > $after AND %s
                        RETURN c {.*} AS change ORDER BY c.seq LIMIT $first
                        """.formatted(Visibility.visible("c")))
                .bind(seq).to("after").bind(first).to("first")
                .bind(visibility.levels()).to(Visibility.PARAMETER)
                .fetchAs(Change.class).mappedBy((types, record) -> change(record.get("change").asMap()))
                .all());
    }

    /** The highest number handed out so far; 0 for an empty record. */
    @Transactional(readOnly = true)
    public long last() {
        return neo4jClient.query("""
                        MATCH (c:Change) WHERE c.seq IS NOT NULL RETURN c.seq ORDER BY c.seq DESC LIMIT 1
                        """).fetchAs(Long.class).one().orElse(0L);
    }

    private static Change change(Map<String, Object> c) {
        Map<String, List<String>> packed = c.get("packed") instanceof byte[] bytes ? unpack(bytes) : Map.of();
        java.util.function.Function<String, List<String>> list = name -> packed.containsKey(name) ? packed.get(name)
                : strings(c.get(name));
        return new Change(((Number) c.get("seq")).longValue(), offset(c.get("at")), (String) c.get("operation"),
                (String) c.get("actor"), list.apply("created"), list.apply("updated"), list.apply("ended"),
                list.apply("removed"), list.apply("categories"), list.apply("organisations"),
                c.get("tlp") == null ? Tlp.CLEAR : Markings.of(c.get("tlp")), (String) c.get("id"));
    }

    private static OffsetDateTime offset(Object at) {
        return at instanceof java.time.ZonedDateTime zoned ? zoned.toOffsetDateTime() : (OffsetDateTime) at;
    }

    /** A stored list of strings (an array in process, a list over the driver; absent = empty). */
    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String[] array) {
            return List.of(array);
        }
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
