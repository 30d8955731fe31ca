package org.exposuregraph.security;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.exposuregraph.api.Page;
import org.exposuregraph.database.InProcessGraph;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log, kept in the graph as {@code AuditEvent} nodes (bookkeeping: they change no cache). Every
 * record is written in its own transaction before the response completes, reads and refusals included: no
 * queue in memory that a crash would lose. With the embedded database the record is written in process: over
 * the driver the same commit cost about 9 ms a record, most of it Bolt and session handling, in process about 1 ms
 * (docs/security.md, "Audit cost"), and every request, reads included, pays it.
 */
@Service
public class AuditLog {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|secret|password|token|credential).*");
    /** An inline argument whose name looks secret, with its string value: {@code apiKey: "…"}. */
    private static final Pattern INLINE_SECRET = Pattern.compile(
            "(?i)(\\b\\w*(?:key|secret|password|token|credential)\\w*\\s*:\\s*)(\"\"\"[\\s\\S]*?\"\"\"|\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final int MAX_VALUE_LENGTH = 200;
    static final int MAX_TEXT_LENGTH = 2_000;
    private static final String INSERT = """
            CREATE (:AuditEvent {id: $e.id, at: datetime($e.at), actor: $e.actor, kind: $e.kind, operation: $e.operation,
                                 variables: $e.variables, outcome: $e.outcome, address: $e.address, detail: $e.detail})
            """;
    private static final String FILTER = """
            WHERE ($actor IS NULL OR e.actor = $actor)
              AND ($outcome IS NULL OR e.outcome CONTAINS $outcome)
              AND ($kind IS NULL OR e.kind = $kind)
              AND ($since IS NULL OR e.at >= datetime($since))
              AND ($until IS NULL OR e.at < datetime($until))
            """;

    /**
     * One page, newest first, after the cursor ({@code $upTo}: its time, or the end of time for the first page;
     * {@code $afterId}: its id). The seek on {@code at} reads the trail along the {@code audit_event_at} index in
     * descending order and stops at the page's end: the trail is never sorted whole.
     */
    static final String PAGE = "MATCH (e:AuditEvent)\n" + FILTER + """
              AND e.at <= datetime($upTo)
              AND ($afterId IS NULL OR e.at < datetime($upTo) OR e.id < $afterId)
            RETURN e.id AS id, e.at AS at, e.actor AS actor, e.kind AS kind, e.operation AS operation,
                   e.variables AS variables, e.outcome AS outcome, e.address AS address, e.detail AS detail
            ORDER BY e.at DESC, e.id DESC LIMIT $limit
            """;
    /** The first page's upper bound: later than any record. */
    private static final String END_OF_TIME = "9999-12-31T23:59:59.999999999Z";

    /**
     * What one record holds.
     *
     * @param actor     the caller's name (never a key), {@code unknown key-<hash prefix>} for a wrong key, or null
     * @param kind      GRAPHQL, IMPORT, EXPORT or REFUSED (refused by the HTTP security layer)
     * @param operation the GraphQL operation type, name and root fields, or the HTTP method and path
     * @param outcome   OK, the error classifications, or the HTTP status and classification
     * @param address   the client's address
     * @param detail    the GraphQL document (inline secrets redacted, cut), or why the request was refused
     */
    public record Entry(String actor, String kind, String operation, Map<String, Object> variables, String outcome,
                        String address, String detail) {
    }

    /** Which records to list; null means any. */
    public record Filter(String actor, String outcome, String kind, OffsetDateTime since, OffsetDateTime until) {
    }

    private static final Label AUDIT_EVENT = Label.label("AuditEvent");

    private final Neo4jClient neo4jClient;
    private final JsonMapper json;
    /** The embedded database's own transactions, or null against a server. */
    private final InProcessGraph inProcess;

    AuditLog(Neo4jClient neo4jClient, JsonMapper json, ObjectProvider<InProcessGraph> inProcess) {
        this.neo4jClient = neo4jClient;
        this.json = json;
        this.inProcess = inProcess.getIfAvailable();
    }

    /** Records before returning (command-line imports and the like). */
    public void recordNow(String actor, String kind, String operation, Map<String, Object> variables, String outcome) {
        record(new Entry(actor, kind, operation, variables, outcome, null, null));
    }

    /** Records before returning, in a transaction of its own. */
    public void record(Entry entry) {
        Map<String, Object> row = row(entry);
        if (inProcess == null) {
            neo4jClient.query(INSERT).bind(row).to("e").run();
            return;
        }
        inProcess.inTransaction(tx -> {
            Node event = tx.createNode(AUDIT_EVENT);
            // As INSERT stores it: absent values no property at all.
            row.forEach((name, value) -> {
                if (value != null) {
                    event.setProperty(name, value);
                }
            });
            return null;
        });
    }

    @Transactional(readOnly = true)
    public Page<AuditEvent> page(int first, String after, Filter filter) {
        Map<String, Object> parameters = new HashMap<>(Page.queryParameters(after, first));
        String cursor = (String) parameters.remove("after");
        // A cursor is "<time>|<id>" of the last row of the page before (the sort key Page.of encodes below).
        int bar = cursor == null ? -1 : cursor.lastIndexOf('|');
        if (cursor != null && (bar < 0 || !isTime(cursor.substring(0, bar)))) {
            throw Page.notACursor(after);
        }
        parameters.put("upTo", cursor == null ? END_OF_TIME : cursor.substring(0, bar));
        parameters.put("afterId", cursor == null ? null : cursor.substring(bar + 1));
        Map<String, Object> filters = new HashMap<>();
        filters.put("actor", filter.actor());
        filters.put("outcome", filter.outcome());
        filters.put("kind", filter.kind());
        filters.put("since", filter.since() == null ? null : filter.since().toString());
        filters.put("until", filter.until() == null ? null : filter.until().toString());
        parameters.putAll(filters);
        List<AuditEvent> rows = List.copyOf(neo4jClient.query(PAGE)
                .bindAll(parameters)
                .fetchAs(AuditEvent.class)
                .mappedBy((types, row) -> new AuditEvent(row.get("id").asString(), row.get("at").asOffsetDateTime(),
                        row.get("actor").asString(), row.get("kind").asString(), row.get("operation").asString(),
                        row.get("variables").asString(null), row.get("outcome").asString(),
                        row.get("address").asString(null), row.get("detail").asString(null)))
                .all());
        return Page.of(rows, first, e -> e.at().toString() + "|" + e.id(),
                () -> neo4jClient.query("MATCH (e:AuditEvent) " + FILTER + " RETURN count(e)").bindAll(filters)
                        .fetchAs(Long.class).one().orElse(0L));
    }

    private static boolean isTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private Map<String, Object> row(Entry entry) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID().toString());
        row.put("at", ZonedDateTime.now(ZoneOffset.UTC));
        row.put("actor", entry.actor() == null ? "anonymous" : entry.actor());
        row.put("kind", entry.kind());
        row.put("operation", entry.operation());
        row.put("variables", entry.variables() == null || entry.variables().isEmpty() ? null
                : json.writeValueAsString(redact(entry.variables())));
        row.put("outcome", entry.outcome());
        row.put("address", entry.address());
        row.put("detail", entry.detail() == null ? null : cut(redactInline(entry.detail()), MAX_TEXT_LENGTH));
        return row;
    }

    /** Drops values whose names look secret and cuts long values, so the log never stores what it must not. */
    static Map<String, Object> redact(Map<String, Object> variables) {
        Map<String, Object> safe = new HashMap<>();
        variables.forEach((name, value) -> safe.put(name, SECRET_NAME.matcher(name).matches() ? "[redacted]" : redactValue(value)));
        return safe;
    }

    /** A GraphQL document with the string values of secret-looking inline arguments replaced. */
    static String redactInline(String document) {
        return INLINE_SECRET.matcher(document).replaceAll("$1\"[redacted]\"");
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return redact((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().limit(50).map(AuditLog::redactValue).toList();
        }
        if (value instanceof String text) {
            return cut(text, MAX_VALUE_LENGTH);
        }
        return value;
    }

    private static String cut(String text, int length) {
        return text.length() > length ? text.substring(0, length) + "…" : text;
    }
}
