package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The write model's catalogue: every label and relationship type it writes, which of them are facts (they carry an
 * {@code id} and may carry a TLP marking), the default confidence and the ids facts get from their ends; and
 * look-ups of fact ids at a visibility: a fact the viewer cannot see is as absent here as everywhere else.
 */
public final class Facts {

    // The catalogue: every label and relationship type the write model writes, named once.
    public static final String ORGANISATION = "Organisation";
    public static final String DATA_CATEGORY = "DataCategory";
    public static final String INCIDENT = "Incident";
    public static final String THREAT_ACTOR = "ThreatActor";
    public static final String VULNERABILITY = "Vulnerability";
    public static final String SOFTWARE = "Software";
    public static final String SOURCE = "Source";
    public static final String CLAIM = "Claim";
    public static final String ENTRUSTS = "ENTRUSTS";
    public static final String SUBPROCESSES_TO = "SUBPROCESSES_TO";
    public static final String RUNS = "RUNS";
    public static final String ATTRIBUTED_TO = "ATTRIBUTED_TO";
    public static final String BREACHED = "BREACHED";
    public static final String AFFECTED = "AFFECTED";
    public static final String LEAKED = "LEAKED";
    public static final String EXPLOITED = "EXPLOITED";
    public static final String EXPLOITS = "EXPLOITS";
    public static final String USES = "USES";
    public static final String RELATED_TO = "RELATED_TO";
    public static final String AFFECTS = "AFFECTS";
    public static final String SUBCATEGORY_OF = "SUBCATEGORY_OF";

    /** Node labels whose records carry a TLP marking. */
    public static final List<String> MARKED_LABELS = List.of(ORGANISATION, INCIDENT, THREAT_ACTOR, VULNERABILITY,
            SOFTWARE, SOURCE, CLAIM);
    /** Relationship types that are facts with their own id and marking. */
    public static final List<String> RELATIONSHIP_TYPES = List.of(ENTRUSTS, SUBPROCESSES_TO, RUNS, ATTRIBUTED_TO,
            BREACHED, AFFECTED, LEAKED, EXPLOITED, EXPLOITS, USES, RELATED_TO);
    /** Node labels a claim may be about. */
    public static final List<String> SUBJECT_LABELS = List.of(ORGANISATION, INCIDENT, THREAT_ACTOR, VULNERABILITY,
            SOFTWARE, DATA_CATEGORY, SOURCE);

    /** Confidence of a fact recorded without one: asserted, but not confirmed. */
    public static final int DEFAULT_CONFIDENCE = 50;

    /*
     * A relationship fact stores none of its defaults (confidence 50, no sources, not disputed): absent means the
     * default, and every reader supplies it (provenance.FactRows, confidenceIn). Three of a data flow's fourteen
     * property blocks, on millions of flows: the bulk import writes a seventh less (docs/performance.md). Incidents and
     * claims are nodes, read in order of their confidence, and keep theirs.
     */

    /** The confidence a relationship fact stores: none for the default. */
    static Integer storedConfidence(Integer confidence) {
        return confidence == null || confidence == DEFAULT_CONFIDENCE ? null : confidence;
    }

    /** The sources a relationship fact stores: none for none. */
    static List<String> storedSources(List<String> sourceIds) {
        return sourceIds == null || sourceIds.isEmpty() ? null : sourceIds;
    }

    /** Whether a relationship fact stores {@code disputed}: only when it is. */
    static Boolean storedDisputed(boolean disputed) {
        return disputed ? Boolean.TRUE : null;
    }

    /** A relationship fact's confidence in Cypher, the default supplied; {@code variable} is code, never input. */
    public static String confidenceIn(String variable) {
        return "coalesce(%s.confidence, %d)".formatted(variable, DEFAULT_CONFIDENCE);
    }

    private Facts() {
    }

    // The ids a fact gets when its writer gives none: derived from its ends, so a re-import lands on the same fact.

    private static final String DATA_FLOW_PREFIX = "flow:";

    public static String dataFlowId(String client, String processor) {
        return DATA_FLOW_PREFIX + client + ":" + processor;
    }

    /*
     * A data flow does not store the id derived from its ends either: it is a default, supplied by every reader
     * (idIn, the read model's hand-over), and found by its ends (matchById). On millions of flows that is a property
     * record and an index entry a flow less: the bulk import writes about a third faster (docs/performance.md). A flow
     * given an id of its own stores it. Only data flows: they are the millions; the other facts keep theirs.
     */

    /** The id a data flow stores: none when it is the one derived from its ends. */
    static String storedDataFlowId(String id, String client, String processor) {
        return id == null || id.equals(dataFlowId(client, processor)) ? null : id;
    }

    /**
     * A relationship fact's id in Cypher: the stored one, or a data flow's derived from its ends. {@code relationship},
     * {@code from} and {@code to} are variables of the query (the relationship and its start and end nodes), code, never
     * input.
     */
    public static String idIn(String relationship, String from, String to) {
        return "coalesce(%1$s.id, CASE WHEN type(%1$s) = '%2$s' THEN '%3$s' + %4$s.id + ':' + %5$s.id END)"
                .formatted(relationship, ENTRUSTS, DATA_FLOW_PREFIX, from, to);
    }

    /** {@link #idIn(String, String, String)} where the query has no variables for the relationship's ends. */
    public static String idIn(String relationship) {
        return idIn(relationship, "startNode(" + relationship + ")", "endNode(" + relationship + ")");
    }

    /**
     * Cypher binding {@code (from)-[relationship:type]->(to)} to the facts of {@code type} whose id is {@code id} (a
     * parameter such as {@code $id}, or a variable of the query): through the type's {@code id} index, and for a data
     * flow that stores no id, through the organisations its derived id names (each ':' may be the one between them, as
     * organisation ids may hold one): the client's by its index, then its few flows, never a vendor's many, whatever
     * the planner's statistics say. A {@code WHERE} may follow it. Every name is code, never input.
     */
    public static String matchById(String type, String from, String relationship, String to, String id) {
        String byIndex = "MATCH (%s)-[%s:%s {id: %s}]->(%s)".formatted(from, relationship, type, id, to);
        if (!type.equals(ENTRUSTS)) {
            return byIndex;
        }
        int start = DATA_FLOW_PREFIX.length();
        return """
                CALL (%1$s) {
                  %2$s RETURN %3$s, %4$s, %5$s
                  UNION
                  UNWIND CASE WHEN %6$s STARTS WITH '%7$s'
                              THEN [at IN range(%8$d, size(%6$s) - 1) WHERE substring(%6$s, at, 1) = ':'] ELSE [] END AS cut
                  MATCH (%3$s:%9$s {id: substring(%6$s, %8$d, cut - %8$d)}) USING INDEX SEEK %3$s:%9$s(id)
                  MATCH (%3$s)-[%4$s:%10$s]->(%5$s)
                  WHERE %4$s.id IS NULL AND %5$s.id = substring(%6$s, cut + 1)
                  RETURN %3$s, %4$s, %5$s
                }
                WITH *""".formatted(id.startsWith("$") ? "" : id, byIndex, from, relationship, to, id, DATA_FLOW_PREFIX,
                start, ORGANISATION, ENTRUSTS);
    }

    public static String subProcessingId(String processor, String subProcessor) {
        return "subprocessing:" + processor + ":" + subProcessor;
    }

    public static String softwareUseId(String organisation, String software) {
        return "runs:" + organisation + ":" + software;
    }

    public static String exploitId(String actor, String vulnerability) {
        return "exploits:" + actor + ":" + vulnerability;
    }

    /** {@code relationshipType} is a type of the catalogue ({@code USES}, {@code ATTRIBUTED_TO} …), never input. */
    public static String actorRelationId(String relationshipType, String from, String to) {
        return relationshipType.toLowerCase(java.util.Locale.ROOT) + ":" + from + ":" + to;
    }

    public static String incidentLinkId(String incident, String relationshipType, String target) {
        return incident + ":" + relationshipType.toLowerCase(java.util.Locale.ROOT) + ":" + target;
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
        RELATIONSHIP_TYPES.forEach(type -> checks.add("EXISTS { %s WHERE %s RETURN r }".formatted(
                matchById(type, "a", "r", "b", "id"), Visibility.visible("a", "r", "b"))));
        return List.copyOf(neo4jClient.query("UNWIND $ids AS id WITH id WHERE " + String.join(" OR ", checks) + " RETURN id")
                .bind(List.copyOf(ids)).to("ids").bind(visibility.levels()).to(Visibility.PARAMETER)
                .fetchAs(String.class).all());
    }

    /** One fact found by {@link #one}: its element id, its label or relationship type, whether it is a node, its marking. */
    public record Found(String element, String kind, boolean node, Object tlp) {
    }

    /**
     * The one node or relationship fact with this id that {@code visibility} may see (a relationship only with both
     * ends visible): NOT_FOUND when there is none, hidden ones included, and BAD_REQUEST when the id names several.
     * One indexed look-up per label and type, all code constants.
     */
    public static Found one(Neo4jClient neo4jClient, String id, Visibility visibility) {
        List<String> branches = new ArrayList<>();
        MARKED_LABELS.forEach(label -> branches.add(("MATCH (x:%1$s {id: $id}) WHERE %2$s RETURN elementId(x) AS element,"
                + " '%1$s' AS kind, true AS node, x.tlp AS tlp").formatted(label, Visibility.visible("x"))));
        RELATIONSHIP_TYPES.forEach(type -> branches.add(("%3$s WHERE %2$s"
                + " RETURN elementId(x) AS element, '%1$s' AS kind, false AS node, x.tlp AS tlp")
                .formatted(type, Visibility.visible("a", "x", "b"), matchById(type, "a", "x", "b", "$id"))));
        List<java.util.Map<String, Object>> found = List.copyOf(neo4jClient.query("CALL () { " + String.join(" UNION ", branches)
                        + " } RETURN element, kind, node, tlp")
                .bind(id).to("id").bind(visibility.levels()).to(Visibility.PARAMETER).fetch().all());
        if (found.isEmpty()) {
            throw new org.exposuregraph.api.NotFoundException("Fact", id);
        }
        if (found.size() > 1) {
            throw new org.exposuregraph.api.BadRequestException("'" + id + "' names " + found.size() + " facts ("
                    + String.join(", ", found.stream().map(row -> (String) row.get("kind")).toList())
                    + "); give each its own id first");
        }
        java.util.Map<String, Object> row = found.get(0);
        return new Found((String) row.get("element"), (String) row.get("kind"), (Boolean) row.get("node"), row.get("tlp"));
    }
}
