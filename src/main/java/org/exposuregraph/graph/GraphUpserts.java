package org.exposuregraph.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * Idempotent batched writes keyed on natural ids: {@code UNWIND $rows MERGE … SET x = props}, reporting per
 * row whether it created, changed or left the element as it was. Labels and relationship types come from
 * this code, never from input; all values are parameters. A marked element keeps the stricter of its stored
 * marking, the row's and the import's default ({@code $marking}): no write lowers a marking.
 */
public final class GraphUpserts {

    /** Per row: what happened, and what the change record needs to know of it. */
    private static final String OUTCOME = """
            RETURN CASE WHEN before IS NULL THEN 'created'
                        WHEN before = properties(x) THEN 'unchanged'
                        ELSE 'updated' END AS outcome,
                   id, before.tlp AS tlpBefore, x.tlp AS tlpAfter,
                   before.categories AS categoriesBefore, x.categories AS categoriesAfter, ends
            """;

    /**
     * The sources that asserted a relationship fact (docs/import-formats.md, synced imports): bookkeeping that a write
     * adds its own source to and never drops, so a save or another source's import does not make a synced source
     * forget what it said. Null when nobody named a source, so facts without one keep no property.
     */
    static final String ASSERTED_BY = "CASE WHEN before.assertedBy IS NULL THEN row.props.assertedBy"
            + " ELSE before.assertedBy + [s IN coalesce(row.props.assertedBy, []) WHERE NOT s IN before.assertedBy] END";

    /** Runs one statement with parameters and returns its rows: through the driver, or in process. */
    @FunctionalInterface
    interface Cypher {
        List<Map<String, Object>> run(String statement, Map<String, Object> parameters);
    }

    private final Cypher cypher;
    private final Tally tally;
    /** Where each created or updated element is recorded, for the write's change entry. */
    private final ChangeSet changes;
    /** The import-wide default marking, stored form (null: none). */
    private final String marking;

    GraphUpserts(Neo4jClient neo4jClient, Tally tally, ChangeSet changes, Tlp marking) {
        this((statement, parameters) -> List.copyOf(neo4jClient.query(statement).bindAll(parameters).fetch().all()), tally,
                changes, marking);
    }

    GraphUpserts(Cypher cypher, Tally tally, ChangeSet changes, Tlp marking) {
        this.cypher = cypher;
        this.tally = tally;
        this.changes = changes;
        this.marking = Tlp.stored(marking);
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
        nodes(label, Facts.marked(label)
                ? "SET x = row, x.tlp = " + Markings.stricterInCypher("before.tlp", "row.tlp", "$marking")
                : "SET x = row", rows);
    }

    /** Creates the nodes that do not exist yet; existing ones are left as they are (reported unchanged). */
    void nodesIfAbsent(String label, List<Map<String, Object>> rows) {
        nodes(label, "ON CREATE SET x = row", rows);
    }

    /** {@code set} is one of the fixed clauses above, never input. */
    private void nodes(String label, String set, List<Map<String, Object>> rows) {
        run("""
                UNWIND $rows AS row
                OPTIONAL MATCH (existing:%1$s {id: row.id})
                WITH row, existing {.*} AS before
                MERGE (x:%1$s {id: row.id})
                %2$s
                WITH x, before, [] AS ends, x.id AS id
                """.formatted(label, set) + OUTCOME, rows, label, label.equals(Facts.ORGANISATION), false);
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
                %4$s
                WITH x, before, [a.id, b.id] AS ends, %5$s AS id
                """.formatted(fromLabel, type, toLabel, Facts.marked(type)
                ? "SET x = row.props, x.tlp = " + Markings.stricterInCypher("before.tlp", "row.props.tlp", "$marking")
                        + ", x.assertedBy = " + ASSERTED_BY
                : "SET x = row.props", Facts.idIn("x", "a", "b")) + OUTCOME, rows, type, fromLabel.equals(Facts.ORGANISATION), toLabel.equals(Facts.ORGANISATION));
    }

    /**
     * Sets {@code disputed} on the incidents and relationship facts with these ids that are not yet marked and
     * that the writer may see: a write never disputes what its key cannot see.
     */
    void markDisputed(List<String> ids, Visibility writer) {
        if (ids.isEmpty()) {
            return;
        }
        String relationshipFacts = Facts.RELATIONSHIP_TYPES.stream()
                .map(type -> Facts.matchById(type, "a", "r", "b", "id") + " WHERE (r.disputed IS NULL OR NOT r.disputed) AND "
                        + Visibility.visible("a", "r", "b") + " RETURN r AS x, type(r) AS kind")
                .collect(java.util.stream.Collectors.joining("\n  UNION\n  "));
        cypher.run("""
                UNWIND $ids AS id
                CALL (id) {
                  MATCH (i:Incident {id: id}) WHERE (i.disputed IS NULL OR NOT i.disputed) AND %s
                  RETURN i AS x, 'Incident' AS kind
                  UNION
                  %s
                }
                SET x.disputed = true
                RETURN id, kind, x.tlp AS tlp
                """.formatted(Visibility.visible("i"), relationshipFacts),
                Map.of("ids", ids, Visibility.PARAMETER, writer.levels()))
                .forEach(row -> {
                    tally.add("updated", 1);
                    changes.element(ChangeSet.Outcome.UPDATED, (String) row.get("kind"), (String) row.get("id"))
                            .markings(row.get("tlp"), row.get("tlp"));
                });
    }

    static Map<String, Object> link(String from, String to, Map<String, Object> props) {
        return Map.of("from", from, "to", to, "props", props);
    }

    /**
     * Runs an upsert and records each row's outcome; {@code kind} is the label or relationship type written, and
     * the ends of a link are recorded as organisations when they are ones.
     */
    private void run(String statement, List<Map<String, Object>> rows, String kind, boolean fromIsOrganisation,
                     boolean toIsOrganisation) {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("rows", rows);
        parameters.put("marking", marking);
        for (Map<String, Object> row : cypher.run(statement, parameters)) {
            String outcome = (String) row.get("outcome");
            tally.add(outcome, 1);
            if (outcome.equals("unchanged")) {
                continue;
            }
            List<?> ends = (List<?>) row.get("ends");
            String id = row.get("id") != null ? (String) row.get("id") : ends.get(0) + ">" + ends.get(1);
            changes.element(outcome.equals("created") ? ChangeSet.Outcome.CREATED : ChangeSet.Outcome.UPDATED, kind, id)
                    .markings(row.get("tlpBefore"), row.get("tlpAfter"))
                    .categories(ChangeLog.strings(row.get("categoriesBefore")))
                    .categories(ChangeLog.strings(row.get("categoriesAfter")));
            if (ends.isEmpty() && (fromIsOrganisation || toIsOrganisation)) {
                changes.organisations(id);
            } else if (ends.isEmpty() && kind.equals(Facts.DATA_CATEGORY)) {
                changes.categories(List.of(id));
            } else if (!ends.isEmpty()) {
                changes.organisations(fromIsOrganisation ? (String) ends.get(0) : null,
                        toIsOrganisation ? (String) ends.get(1) : null);
                if (kind.equals(Facts.LEAKED)) {
                    changes.categories(List.of((String) ends.get(1)));
                }
            }
        }
    }

    /** Running counts of created, updated and unchanged elements. */
    public static final class Tally {
        long created;
        long updated;
        long unchanged;

        public long created() {
            return created;
        }

        public long updated() {
            return updated;
        }

        public long unchanged() {
            return unchanged;
        }

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
