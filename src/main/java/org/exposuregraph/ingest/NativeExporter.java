package org.exposuregraph.ingest;

import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.NativeDocument;
import static org.exposuregraph.security.Visibility.visible;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.graph.ReadTransactions;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the graph, or one vendor's supply chain, in the native format the native importer reads, section by
 * section as rows stream from the database. Deterministic (everything in id order), so export → import into
 * an empty graph → export gives the same document.
 */
@Service
public class NativeExporter {

    /** How far up- and downstream a vendor's supply chain reaches. */
    static final int CHAIN_DEPTH = 5;
    /** A fact's own properties; sources the caller may not see are left out of its source list. */
    private static final String FACT = "id: " + Facts.idIn("r") + ", confidence: " + Facts.confidenceIn("r") + ", sourceIds: " + visibleSources("r")
            + ", tlp: r.tlp";

    private final GraphReader reader;
    private final Neo4jClient neo4jClient;
    private final ReadTransactions reads;
    private final JsonMapper json;

    NativeExporter(GraphReader reader, Neo4jClient neo4jClient, ReadTransactions reads, JsonMapper json) {
        this.reader = reader;
        this.neo4jClient = neo4jClient;
        this.reads = reads;
        this.json = json;
    }

    /**
     * @param vendor null for the whole graph; otherwise the vendor, every organisation whose data reaches it
     *               (clients and processors upstream) and its sub-processors, with the facts among them
     * @param visibility what the caller may see: nothing marked above it is written, not even as a reference
     */
    public void export(String vendor, Visibility visibility, OutputStream out) {
        // What to export, in one read transaction before the first byte (retried: nothing is written yet).
        Scope scope = reads.run(() -> vendor == null ? Scope.all(visibility, hiddenSources(visibility)) : supplyChain(vendor, visibility));
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("format", NativeDocument.FORMAT);
            generator.writeNumberProperty("version", 1);
            Set<String> exported = new HashSet<>();
            section(generator, "sources", """
                    MATCH (n:Source) WHERE %s
                    RETURN n {.id, .publisher, .title, .url, .published, .tlp} AS row ORDER BY n.id""".formatted(visible("n")),
                    scope, null);
            section(generator, "dataCategories", """
                    MATCH (n:DataCategory) OPTIONAL MATCH (n)-[:SUBCATEGORY_OF]->(p:DataCategory)
                    RETURN n {.id, .name, .description, parent: p.id, .specialCategory, .sensitivePopulation, .sensitivity} AS row
                    ORDER BY n.id""", scope, null);
            section(generator, "organisations", """
                    MATCH (n:Organisation) WHERE ($all OR n.id IN $organisations) AND %s
                    RETURN n {.id, .name, .kind, .aliases, .odsCode, .companyNumber, .domain, .postcode, .status,
                              .openDate, .closeDate, .commissionerCode, .icbCode, .unnamedGroup, .description, .tlp} AS row
                    ORDER BY n.id""".formatted(visible("n")), scope, exported);
            section(generator, "software", """
                    MATCH (n:Software) WHERE %s
                    RETURN n {.id, .name, .publisher, .tlp} AS row ORDER BY n.id""".formatted(visible("n")), scope, exported);
            section(generator, "vulnerabilities", """
                    MATCH (n:Vulnerability) WHERE %s
                    RETURN n {.id, .name, .description, .cvss, .published, .tlp,
                              affects: COLLECT { MATCH (n)-[a:AFFECTS]->(s:Software) WHERE %s RETURN s.id ORDER BY s.id }} AS row
                    ORDER BY n.id""".formatted(visible("n"), visible("a", "s")), scope, exported);
            section(generator, "threatActors", """
                    MATCH (n:ThreatActor) WHERE %s
                    RETURN n {.id, .name, .type, .aliases, .externalIds, .description, .tlp} AS row
                    ORDER BY n.id""".formatted(visible("n")), scope, exported);
            section(generator, "actorRelations", """
                    MATCH (a:ThreatActor)-[r:USES|RELATED_TO]->(b:ThreatActor) WHERE %s
                    RETURN {%s, from: a.id, to: b.id, type: type(r)} AS row ORDER BY r.id, a.id, b.id"""
                    .formatted(visible("a", "r", "b"), FACT), scope, exported);
            section(generator, "exploits", """
                    MATCH (a:ThreatActor)-[r:EXPLOITS]->(v:Vulnerability) WHERE %s
                    RETURN {%s, actor: a.id, vulnerability: v.id} AS row ORDER BY r.id, a.id, v.id"""
                    .formatted(visible("a", "r", "v"), FACT), scope, exported);
            section(generator, "dataFlows", """
                    MATCH (c:Organisation)-[r:ENTRUSTS]->(p:Organisation)
                    WHERE ($all OR (c.id IN $organisations AND p.id IN $organisations)) AND %s
                    RETURN {%s, client: c.id, processor: p.id, categories: r.categories, people: r.people,
                            records: r.records, purpose: r.purpose, since: r.since, until: r.until, endReason: r.endReason} AS row
                    ORDER BY c.id, p.id""".formatted(visible("c", "r", "p"), FACT), scope, exported);
            section(generator, "subProcessing", """
                    MATCH (p:Organisation)-[r:SUBPROCESSES_TO]->(s:Organisation)
                    WHERE ($all OR (p.id IN $organisations AND s.id IN $organisations)) AND %s
                    RETURN {%s, processor: p.id, subProcessor: s.id, categories: r.categories, purpose: r.purpose,
                            since: r.since, until: r.until, endReason: r.endReason} AS row
                    ORDER BY p.id, s.id""".formatted(visible("p", "r", "s"), FACT), scope, exported);
            section(generator, "softwareUse", """
                    MATCH (o:Organisation)-[r:RUNS]->(s:Software) WHERE ($all OR o.id IN $organisations) AND %s
                    RETURN {%s, organisation: o.id, software: s.id, since: r.since, until: r.until, endReason: r.endReason} AS row
                    ORDER BY o.id, s.id"""
                    .formatted(visible("o", "r", "s"), FACT), scope, exported);
            section(generator, "incidents", """
                    MATCH (n:Incident)
                    WHERE ($all OR EXISTS { MATCH (n)-[:BREACHED|AFFECTED]->(o:Organisation) WHERE o.id IN $organisations })
                      AND %2$s
                    RETURN n {.id, .name, .kind, .discovered, .leakStatus, .ransomDemand, .summary, .confidence, .tlp,
                      sourceIds: %4$s,
                      breached: COLLECT { MATCH (n)-[r:BREACHED]->(t) WHERE ($all OR t.id IN $organisations) AND %3$s
                                          RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      leaked: COLLECT { MATCH (n)-[r:LEAKED]->(t) WHERE %3$s RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      affected: COLLECT { MATCH (n)-[r:AFFECTED]->(t) WHERE ($all OR t.id IN $organisations) AND %3$s
                                          RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      attributedTo: COLLECT { MATCH (n)-[r:ATTRIBUTED_TO]->(t) WHERE %3$s
                                              RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      exploited: COLLECT { MATCH (n)-[r:EXPLOITED]->(t) WHERE %3$s
                                           RETURN {%1$s, target: t.id} AS l ORDER BY t.id }} AS row
                    ORDER BY n.id""".formatted(FACT, visible("n"), visible("r", "t"), visibleSources("n")), scope, exported);
            generator.writeName("claims");
            generator.writeStartArray();
            reader.stream("""
                    MATCH (n:Claim) WHERE %s
                    RETURN n {.id, subject: n.subjectId, .property, .value, .statement, .confidence, .stance, .tlp,
                              sourceIds: %s} AS row
                    ORDER BY n.id""".formatted(visible("n"), visibleSources("n")), scope.parameters(), row -> {
                // A claim about a fact the caller cannot see, or outside the exported supply chain, is left out.
                if (!scope.tracksSubjects() || exported.contains((String) row.get("subject"))) {
                    write(generator, row);
                }
            });
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    private void section(JsonGenerator generator, String name, String statement, Scope scope, Set<String> exportedIds) {
        generator.writeName(name);
        generator.writeStartArray();
        reader.stream(statement, scope.parameters(), row -> {
            if (exportedIds != null && scope.tracksSubjects()) {
                exportedIds.add((String) row.get("id"));
                for (String links : List.of("breached", "leaked", "affected", "attributedTo", "exploited")) {
                    if (row.get(links) instanceof List<?> list) {
                        list.forEach(link -> exportedIds.add((String) ((Map<?, ?>) link).get("id")));
                    }
                }
            }
            write(generator, row);
        });
        generator.writeEndArray();
    }

    /** Writes a row without its null values, in the order the query named them. */
    private void write(JsonGenerator generator, Map<String, Object> row) {
        json.writeValue(generator, withoutNulls(row));
    }

    @SuppressWarnings("unchecked")
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> clean = new java.util.TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (v != null) {
                    clean.put(k, withoutNulls(v));
                }
            });
            return clean;
        }
        if (value instanceof List<?> list) {
            List<Object> clean = new ArrayList<>();
            list.forEach(v -> clean.add(withoutNulls(v)));
            return clean;
        }
        return value;
    }

    public void requireOrganisation(String id, Visibility visibility) {
        if (reads.run(() -> neo4jClient.query("MATCH (o:Organisation {id: $id}) WHERE " + visible("o") + " RETURN count(o)").bind(id).to("id")
                .bind(visibility.levels()).to(Visibility.PARAMETER)
                .fetchAs(Long.class).one().orElse(0L)) == 0) {
            throw new NotFoundException("Organisation", id);
        }
    }

    /** Only what the caller may see is walked: hidden links do not connect a supply chain. */
    private Scope supplyChain(String vendor, Visibility visibility) {
        List<String> organisations = List.copyOf(neo4jClient.query("""
                        MATCH (v:Organisation {id: $vendor}) WHERE %2$s
                        CALL (v) {
                          RETURN v.id AS id
                          UNION
                          MATCH (o:Organisation)(()-[r:ENTRUSTS|SUBPROCESSES_TO]->(x) WHERE %3$s){1,%1$d}(v)
                          WHERE %4$s
                          RETURN DISTINCT o.id AS id
                          UNION
                          MATCH (v)(()-[r:SUBPROCESSES_TO]->(x) WHERE %3$s){1,%1$d}(s:Organisation)
                          RETURN DISTINCT s.id AS id
                        }
                        RETURN id""".formatted(CHAIN_DEPTH, visible("v"), visible("r", "x"), visible("o")))
                .bind(vendor).to("vendor")
                .bind(visibility.levels()).to(Visibility.PARAMETER)
                .fetchAs(String.class).all());
        if (organisations.isEmpty()) {
            throw new NotFoundException("Organisation", vendor);
        }
        return new Scope(false, organisations, visibility, hiddenSources(visibility));
    }

    /** Ids of the sources the caller may not see, to be cut from the facts that cite them. */
    private List<String> hiddenSources(Visibility visibility) {
        return List.copyOf(neo4jClient.query("MATCH (s:Source) WHERE NOT " + visible("s") + " RETURN s.id")
                .bind(visibility.levels()).to(Visibility.PARAMETER).fetchAs(String.class).all());
    }

    /** The sources cited that the caller may see; none stored is none (Facts: defaults are not stored). */
    private static String visibleSources(String variable) {
        return "[x IN coalesce(%1$s.sourceIds, []) WHERE NOT x IN $hiddenSources]".formatted(variable);
    }

    private record Scope(boolean all, List<String> organisations, Visibility visibility, List<String> hiddenSources) {

        static Scope all(Visibility visibility, List<String> hiddenSources) {
            return new Scope(true, List.of(), visibility, hiddenSources);
        }

        /**
         * Whether claims must be checked against the facts written: in a supply-chain export, and whenever the
         * caller cannot see everything (a visible claim about a hidden fact stays hidden).
         */
        boolean tracksSubjects() {
            return !all || !visibility.seesEverything();
        }

        Map<String, Object> parameters() {
            return Map.of("all", all, "organisations", organisations, Visibility.PARAMETER, visibility.levels(),
                    "hiddenSources", hiddenSources);
        }
    }
}
