package org.exposuregraph.security;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import org.exposuregraph.api.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log, kept in the graph as {@code AuditEvent} nodes. Writes (mutations, imports) are recorded
 * before the response returns; reads are queued and written in batches so that auditing does not slow
 * the analytics down.
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|secret|password|token|credential).*");
    private static final int MAX_VALUE_LENGTH = 200;
    private static final String INSERT = """
            UNWIND $events AS e
            CREATE (:AuditEvent {id: e.id, at: datetime(e.at), actor: e.actor, kind: e.kind, operation: e.operation,
                                 variables: e.variables, outcome: e.outcome})
            """;

    private final Neo4jClient neo4jClient;
    private final JsonMapper json;
    private final BlockingQueue<Map<String, Object>> pending = new ArrayBlockingQueue<>(10_000);
    private final Thread writer;
    private volatile boolean running = true;

    AuditLog(Neo4jClient neo4jClient, JsonMapper json) {
        this.neo4jClient = neo4jClient;
        this.json = json;
        this.writer = new Thread(this::drainForever, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records now; for anything that changes the graph. */
    public void recordNow(String actor, String kind, String operation, Map<String, Object> variables, String outcome) {
        neo4jClient.query(INSERT).bind(List.of(row(actor, kind, operation, variables, outcome))).to("events").run();
    }

    /** Records soon, in a batch; for reads. Under overload the oldest-first queue refuses and says so. */
    public void record(String actor, String kind, String operation, Map<String, Object> variables, String outcome) {
        if (!pending.offer(row(actor, kind, operation, variables, outcome))) {
            log.warn("Audit queue full: dropped the record of a {} {} by {}", kind, operation, actor);
        }
    }

    @Transactional(readOnly = true)
    public Page<AuditEvent> page(int first, String after) {
        List<AuditEvent> rows = List.copyOf(neo4jClient.query("""
                        MATCH (e:AuditEvent)
                        WITH e, toString(e.at) + '|' + e.id AS sortKey
                        WHERE $after IS NULL OR sortKey < $after
                        RETURN e.id AS id, e.at AS at, e.actor AS actor, e.kind AS kind, e.operation AS operation,
                               e.variables AS variables, e.outcome AS outcome
                        ORDER BY sortKey DESC LIMIT $limit
                        """)
                .bindAll(Page.queryParameters(after, first))
                .fetchAs(AuditEvent.class)
                .mappedBy((types, row) -> new AuditEvent(row.get("id").asString(), row.get("at").asOffsetDateTime(),
                        row.get("actor").asString(), row.get("kind").asString(), row.get("operation").asString(),
                        row.get("variables").asString(null), row.get("outcome").asString()))
                .all());
        return Page.of(rows, first, e -> e.at().toString() + "|" + e.id(),
                () -> neo4jClient.query("MATCH (e:AuditEvent) RETURN count(e)").fetchAs(Long.class).one().orElse(0L));
    }

    private Map<String, Object> row(String actor, String kind, String operation, Map<String, Object> variables, String outcome) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID().toString());
        row.put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        row.put("actor", actor == null ? "anonymous" : actor);
        row.put("kind", kind);
        row.put("operation", operation);
        row.put("variables", variables == null || variables.isEmpty() ? null : json.writeValueAsString(redact(variables)));
        row.put("outcome", outcome);
        return row;
    }

    /** Drops values whose names look secret and cuts long values, so the log never stores what it must not. */
    static Map<String, Object> redact(Map<String, Object> variables) {
        Map<String, Object> safe = new HashMap<>();
        variables.forEach((name, value) -> safe.put(name, SECRET_NAME.matcher(name).matches() ? "[redacted]" : redactValue(value)));
        return safe;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return redact((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().limit(50).map(AuditLog::redactValue).toList();
        }
        if (value instanceof String text && text.length() > MAX_VALUE_LENGTH) {
            return text.substring(0, MAX_VALUE_LENGTH) + "…";
        }
        return value;
    }

    private void drainForever() {
        while (running) {
            try {
                Map<String, Object> first = pending.poll(500, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Map<String, Object>> batch = new ArrayList<>();
                    batch.add(first);
                    pending.drainTo(batch, 999);
                    write(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Map<String, Object>> batch) {
        try {
            neo4jClient.query(INSERT).bind(batch).to("events").run();
        } catch (RuntimeException e) {
            log.error("Could not write {} audit records", batch.size(), e);
        }
    }

    /** Lets the writer finish its batch (never interrupting a query), then writes what is left. */
    @PreDestroy
    void flush() throws InterruptedException {
        running = false;
        writer.join(5_000);
        List<Map<String, Object>> rest = new ArrayList<>();
        pending.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

}
