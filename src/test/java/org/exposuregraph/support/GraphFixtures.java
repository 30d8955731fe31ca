package org.exposuregraph.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.exposuregraph.graph.ChangeFeed;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.neo4j.core.Neo4jClient;

/** Puts the graph into a known state: empty, then the statements of a fixture file. */
public class GraphFixtures {

    private final Neo4jClient neo4jClient;
    private final ChangeFeed changeFeed;

    GraphFixtures(Neo4jClient neo4jClient, ChangeFeed changeFeed) {
        this.neo4jClient = neo4jClient;
        this.changeFeed = changeFeed;
    }

    /**
     * Deletes all data, keeping the migration history. Fixtures are written around the change record, so the
     * read models start again from the store at their next read.
     */
    public void reset() {
        // The alert engine's cursor is kept and rewound, as the change record starts again from 1: deleted, the engine
        // would re-create it at whatever entry is last when it next polls, and skip a test's first entries if late.
        neo4jClient.query("MATCH (n) WHERE NOT n:__Neo4jMigration AND NOT n:AlertCursor DETACH DELETE n").run();
        neo4jClient.query("MATCH (c:AlertCursor) SET c.seq = 0").run();
        wroteAroundTheChangeRecord();
    }

    /** After a test's own statements changed the graph without a change entry: read models start again from the store. */
    public void wroteAroundTheChangeRecord() {
        changeFeed.rebuildAll();
    }

    /** Resets the graph, then runs {@code fixtures/<name>.cypher}: statements separated by semicolons. */
    public void load(String name) {
        reset();
        String script;
        try {
            script = new ClassPathResource("fixtures/" + name + ".cypher").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Arrays.stream(script.split(";\\s*(\\n|$)"))
                .map(statement -> statement.lines().filter(line -> !line.strip().startsWith("//")).reduce("", (a, b) -> a + "\n" + b).strip())
                .filter(statement -> !statement.isEmpty())
                .forEach(statement -> neo4jClient.query(statement).run());
        // Again once the statements are in: a read model built meanwhile (a background refresh) read a partial graph.
        wroteAroundTheChangeRecord();
    }

    /**
     * A fingerprint of the graph's data: every node and relationship with its properties, sorted; bookkeeping
     * (the audit log, the change record, the migration history, alerting's records) left out, so a refused write leaves it as it was.
     */
    public static String fingerprint(Neo4jClient neo4jClient) {
        return neo4jClient.query("""
                        MATCH (n) WHERE NOT n:AuditEvent AND NOT n:Change AND NOT any(l IN labels(n) WHERE l STARTS WITH '__' OR l IN $bookkeeping)
                        OPTIONAL MATCH (n)-[r]->(m)
                        RETURN labels(n) AS labels, n {.*} AS node, type(r) AS type, r {.*} AS rel, m.id AS to""")
                // alerting's records (watches, alerts, deliveries) are bookkeeping too
                .bind(java.util.List.of("Watch", "Alert", "AlertCursor", "Webhook", "WebhookDelivery")).to("bookkeeping")
                .fetch().all().stream()
                .map(row -> row.get("labels") + " " + sorted(row.get("node")) + " -" + row.get("type") + " "
                        + sorted(row.get("rel")) + "-> " + row.get("to"))
                .sorted().collect(java.util.stream.Collectors.joining("\n"));
    }

    @SuppressWarnings("unchecked")
    private static String sorted(Object map) {
        return map == null ? "" : new java.util.TreeMap<>((java.util.Map<String, Object>) map).toString();
    }
}
