package org.exposuregraph.graph;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * The second half of a synced inventory import (docs/import-formats.md): the file is the whole truth for its
 * source, so the facts the source asserted before ({@code assertedBy}) and that the file no longer holds are ended
 * at the import date, through the one write path and recorded as {@code ENDED}. Facts asserted only by other sources
 * are untouched; facts already ended stay as they are, so the same sync twice ends nothing the second time. Only
 * facts the importing key may see are ended: a write never changes what its key cannot see.
 */
@Service
public class InventorySync {

    /** The relationship types an inventory writes and a sync may end. */
    public static final List<String> TYPES = List.of(Facts.ENTRUSTS, Facts.SUBPROCESSES_TO, Facts.RUNS);

    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;

    InventorySync(Neo4jClient neo4jClient, GraphWriter graphWriter) {
        this.neo4jClient = neo4jClient;
        this.graphWriter = graphWriter;
    }

    /** Why this cannot name a source, or null. */
    public static String sourceProblem(String source) {
        return source == null || source.isBlank() ? "a synced import needs a source (source=NAME)" : WriteRules.id(source);
    }

    /**
     * Ends, at {@code date}, the facts of {@link #TYPES} that {@code source} asserted, that are not ended yet and
     * whose ids are not in {@code held}; returns their ids as {@code TYPE:id}, in the order they were ended.
     */
    public List<String> endMissing(String source, Map<String, Set<String>> held, LocalDate date) {
        String reason = "no longer in the inventory of source '" + source + "'";
        List<String> levels = Visibility.writer().levels();
        return graphWriter.write("import:inventory:sync", changes -> {
            List<String> ended = new ArrayList<>();
            for (String type : TYPES) {
                Collection<String> kept = held.getOrDefault(type, Set.of());
                // The source's open facts; filtered against the file here, so the file's ids are not one huge parameter.
                List<Map<String, Object>> open = List.copyOf(neo4jClient.query("""
                                MATCH (a)-[r:%s]->(b)
                                WHERE $source IN r.assertedBy AND r.until IS NULL AND %s
                                RETURN %s AS id, elementId(r) AS element, r.tlp AS tlp, r.categories AS categories,
                                       CASE WHEN a:Organisation THEN a.id END AS from,
                                       CASE WHEN b:Organisation THEN b.id END AS to""".formatted(type,
                                Visibility.visible("a", "r", "b"), Facts.idIn("r", "a", "b")))
                        .bind(source).to("source").bind(levels).to(Visibility.PARAMETER).fetch().all());
                List<String> elements = new ArrayList<>();
                for (Map<String, Object> fact : open) {
                    String id = (String) fact.get("id");
                    if (kept.contains(id)) {
                        continue;
                    }
                    elements.add((String) fact.get("element"));
                    ended.add(type + ":" + id);
                    @SuppressWarnings("unchecked") List<String> categories = (List<String>) fact.get("categories");
                    changes.element(ChangeSet.Outcome.ENDED, type, id).markings(fact.get("tlp"), fact.get("tlp"))
                            .categories(categories).organisations((String) fact.get("from"), (String) fact.get("to"));
                }
                for (int from = 0; from < elements.size(); from += 10_000) {
                    neo4jClient.query("""
                                    UNWIND $elements AS element
                                    MATCH ()-[r]->() WHERE elementId(r) = element
                                    SET r.until = $date, r.endReason = $reason""")
                            .bind(elements.subList(from, Math.min(elements.size(), from + 10_000))).to("elements")
                            .bind(date).to("date").bind(reason).to("reason").run();
                }
            }
            return ended;
        });
    }
}
