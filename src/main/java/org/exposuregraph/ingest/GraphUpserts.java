package org.exposuregraph.ingest;

import java.util.List;
import java.util.Map;

import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * Idempotent batched writes keyed on natural ids: {@code UNWIND $rows MERGE … SET x = props}, reporting per
 * row whether it created, changed or left the element as it was. Labels and relationship types come from
 * this code, never from input; all values are parameters.
 */
final class GraphUpserts {

    private static final String OUTCOME = """
            RETURN CASE WHEN before IS NULL THEN 'created'
                        WHEN before = properties(x) THEN 'unchanged'
                        ELSE 'updated' END AS outcome, count(*) AS rows
            """;

    /** Runs one statement with parameters and returns its rows: through the driver, or in process. */
    @FunctionalInterface
    interface Cypher {
        List<Map<String, Object>> run(String statement, Map<String, Object> parameters);
    }

    private final Cypher cypher;
    private final Tally tally;

    GraphUpserts(Neo4jClient neo4jClient, Tally tally) {
        this((statement, parameters) -> List.copyOf(neo4jClient.query(statement).bindAll(parameters).fetch().all()), tally);
    }

    GraphUpserts(Cypher cypher, Tally tally) {
        this.cypher = cypher;
        this.tally = tally;
    }

    /** Statements run inside an open in-process transaction. */
    static Cypher inProcess(org.neo4j.graphdb.Transaction tx) {
        return (statement, parameters) -> {
            try (org.neo4j.graphdb.Result result = tx.execute(statement, parameters)) {
                List<Map<String, Object>> rows = new java.util.ArrayList<>();
                result.forEachRemaining(rows::add);
                return rows;
            }
        };
    }

    /** Rows are property maps holding at least {@code id}; each replaces its node's properties. */
    void nodes(String label, List<Map<String, Object>> rows) {
        nodes(label, "SET x = row", rows);
    }

    /** Creates the nodes that do not exist yet; existing ones are left as they are (reported unchanged). */
    void nodesIfAbsent(String label, List<Map<String, Object>> rows) {
        nodes(label, "ON CREATE SET x = row", rows);
    }

    /** {@code set} is one of the two fixed clauses above, never input. */
    private void nodes(String label, String set, List<Map<String, Object>> rows) {
        run("""
                UNWIND $rows AS row
                OPTIONAL MATCH (existing:%1$s {id: row.id})
                WITH row, existing {.*} AS before
                MERGE (x:%1$s {id: row.id})
                %2$s
                WITH x, before
                """.formatted(label, set) + OUTCOME, rows);
    }

    /** Rows are {@code {from, to, props}}; one relationship of the type per ordered pair. */
    void relationships(String fromLabel, String type, String toLabel, List<Map<String, Object>> rows) {
        run("""
                UNWIND $rows AS row
                MATCH (a:%1$s {id: row.from})
                MATCH (b:%3$s {id: row.to})
                OPTIONAL MATCH (a)-[existing:%2$s]->(b)
                WITH row, a, b, existing {.*} AS before
                MERGE (a)-[x:%2$s]->(b)
                SET x = row.props
                WITH x, before
                """.formatted(fromLabel, type, toLabel) + OUTCOME, rows);
    }

    /** Sets {@code disputed} on the incidents and relationship facts with these ids that are not yet marked. */
    void markDisputed(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        cypher.run("""
                UNWIND $ids AS id
                CALL (id) {
                  MATCH (i:Incident {id: id}) WHERE i.disputed IS NULL OR NOT i.disputed RETURN i AS x
                  UNION
                  MATCH ()-[r:ENTRUSTS|SUBPROCESSES_TO|RUNS|ATTRIBUTED_TO|BREACHED|AFFECTED|LEAKED|EXPLOITED|EXPLOITS|USES|RELATED_TO]->()
                  WHERE r.id = id AND (r.disputed IS NULL OR NOT r.disputed) RETURN r AS x
                }
                SET x.disputed = true
                RETURN count(*) AS marked
                """, Map.of("ids", ids))
                .forEach(row -> tally.add("updated", ((Number) row.get("marked")).longValue()));
    }

    static Map<String, Object> link(String from, String to, Map<String, Object> props) {
        return Map.of("from", from, "to", to, "props", props);
    }

    private void run(String statement, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        cypher.run(statement, Map.of("rows", rows))
                .forEach(row -> tally.add((String) row.get("outcome"), ((Number) row.get("rows")).longValue()));
    }

    /** Running counts of created, updated and unchanged elements. */
    static final class Tally {
        long created;
        long updated;
        long unchanged;

        synchronized void addAll(Tally other) {
            created += other.created;
            updated += other.updated;
            unchanged += other.unchanged;
        }

        void add(String outcome, long rows) {
            switch (outcome) {
                case "created" -> created += rows;
                case "updated" -> updated += rows;
                default -> unchanged += rows;
            }
        }
    }
}
