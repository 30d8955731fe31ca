package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The labels and relationship types that are facts (they carry an {@code id} and may carry a TLP marking), and
 * look-ups of fact ids at a visibility: a fact the viewer cannot see is as absent here as everywhere else.
 */
public final class Facts {

    /** Node labels whose records carry a TLP marking. */
    public static final List<String> MARKED_LABELS = List.of("Organisation", "Incident", "ThreatActor", "Vulnerability",
            "Software", "Source", "Claim");
    /** Relationship types that are facts with their own id and marking. */
    public static final List<String> RELATIONSHIP_TYPES = List.of("ENTRUSTS", "SUBPROCESSES_TO", "RUNS", "ATTRIBUTED_TO",
            "BREACHED", "AFFECTED", "LEAKED", "EXPLOITED", "EXPLOITS", "USES", "RELATED_TO");
    /** Node labels a claim may be about. */
    public static final List<String> SUBJECT_LABELS = List.of("Organisation", "Incident", "ThreatActor", "Vulnerability",
            "Software", "DataCategory", "Source");

    private Facts() {
    }

    /** Whether writes keep this label's or relationship type's marking (categories and structural links have none). */
    public static boolean marked(String labelOrType) {
        return MARKED_LABELS.contains(labelOrType) || RELATIONSHIP_TYPES.contains(labelOrType);
    }

    /**
     * Which of these ids name a node or relationship fact (what a claim may be about) visible at {@code visibility};
     * a relationship counts only with both ends visible. One indexed look-up per label and relationship type.
     */
    public static List<String> visibleSubjects(Neo4jClient neo4jClient, Collection<String> ids, Visibility visibility) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> checks = new ArrayList<>();
        SUBJECT_LABELS.forEach(label -> checks.add("EXISTS { MATCH (n:%s {id: id}) WHERE %s }".formatted(label,
                Visibility.visible("n"))));
        RELATIONSHIP_TYPES.forEach(type -> checks.add("EXISTS { MATCH (a)-[r:%s {id: id}]->(b) WHERE %s }".formatted(type,
                Visibility.visible("a", "r", "b"))));
        return List.copyOf(neo4jClient.query("UNWIND $ids AS id WITH id WHERE " + String.join(" OR ", checks) + " RETURN id")
                .bind(List.copyOf(ids)).to("ids").bind(visibility.levels()).to(Visibility.PARAMETER)
                .fetchAs(String.class).all());
    }
}
