package org.exposuregraph.ingest;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exposuregraph.api.NotFoundException;
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
    private static final String FACT = "id: r.id, confidence: r.confidence, sourceIds: r.sourceIds";

    private final GraphReader reader;
    private final Neo4jClient neo4jClient;
    private final JsonMapper json;

    NativeExporter(GraphReader reader, Neo4jClient neo4jClient, JsonMapper json) {
        this.reader = reader;
        this.neo4jClient = neo4jClient;
        this.json = json;
    }

    /**
     * @param vendor null for the whole graph; otherwise the vendor, every organisation whose data reaches it
     *               (clients and processors upstream) and its sub-processors, with the facts among them
     */
    public void export(String vendor, OutputStream out) {
        Scope scope = vendor == null ? Scope.ALL : supplyChain(vendor);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("format", NativeDocument.FORMAT);
            generator.writeNumberProperty("version", 1);
            Set<String> exported = new HashSet<>();
            section(generator, "sources", """
                    MATCH (n:Source) RETURN n {.id, .publisher, .title, .url, .published} AS row ORDER BY n.id""", scope, null);
            section(generator, "dataCategories", """
                    MATCH (n:DataCategory) OPTIONAL MATCH (n)-[:SUBCATEGORY_OF]->(p:DataCategory)
                    RETURN n {.id, .name, .description, parent: p.id, .specialCategory, .sensitivePopulation, .sensitivity} AS row
                    ORDER BY n.id""", scope, null);
            section(generator, "organisations", """
                    MATCH (n:Organisation) WHERE $all OR n.id IN $organisations
                    RETURN n {.id, .name, .kind, .aliases, .odsCode, .companyNumber, .domain, .postcode, .status,
                              .openDate, .closeDate, .commissionerCode, .unnamedGroup, .description} AS row
                    ORDER BY n.id""", scope, exported);
            section(generator, "software", """
                    MATCH (n:Software) RETURN n {.id, .name, .publisher} AS row ORDER BY n.id""", scope, null);
            section(generator, "vulnerabilities", """
                    MATCH (n:Vulnerability)
                    RETURN n {.id, .name, .description, .cvss, .published,
                              affects: COLLECT { MATCH (n)-[:AFFECTS]->(s:Software) RETURN s.id ORDER BY s.id }} AS row
                    ORDER BY n.id""", scope, null);
            section(generator, "threatActors", """
                    MATCH (n:ThreatActor) RETURN n {.id, .name, .type, .aliases, .externalIds, .description} AS row
                    ORDER BY n.id""", scope, null);
            section(generator, "actorRelations", """
                    MATCH (a:ThreatActor)-[r:USES|RELATED_TO]->(b:ThreatActor)
                    RETURN {%s, from: a.id, to: b.id, type: type(r)} AS row ORDER BY r.id, a.id, b.id""".formatted(FACT), scope, exported);
            section(generator, "exploits", """
                    MATCH (a:ThreatActor)-[r:EXPLOITS]->(v:Vulnerability)
                    RETURN {%s, actor: a.id, vulnerability: v.id} AS row ORDER BY r.id, a.id, v.id""".formatted(FACT), scope, exported);
            section(generator, "dataFlows", """
                    MATCH (c:Organisation)-[r:ENTRUSTS]->(p:Organisation)
                    WHERE $all OR (c.id IN $organisations AND p.id IN $organisations)
                    RETURN {%s, client: c.id, processor: p.id, categories: r.categories, people: r.people,
                            records: r.records, purpose: r.purpose, since: r.since, until: r.until} AS row
                    ORDER BY c.id, p.id""".formatted(FACT), scope, exported);
            section(generator, "subProcessing", """
                    MATCH (p:Organisation)-[r:SUBPROCESSES_TO]->(s:Organisation)
                    WHERE $all OR (p.id IN $organisations AND s.id IN $organisations)
                    RETURN {%s, processor: p.id, subProcessor: s.id, categories: r.categories, purpose: r.purpose} AS row
                    ORDER BY p.id, s.id""".formatted(FACT), scope, exported);
            section(generator, "softwareUse", """
                    MATCH (o:Organisation)-[r:RUNS]->(s:Software) WHERE $all OR o.id IN $organisations
                    RETURN {%s, organisation: o.id, software: s.id} AS row ORDER BY o.id, s.id""".formatted(FACT), scope, exported);
            section(generator, "incidents", """
                    MATCH (n:Incident)
                    WHERE $all OR EXISTS { MATCH (n)-[:BREACHED|AFFECTED]->(o:Organisation) WHERE o.id IN $organisations }
                    RETURN n {.id, .name, .kind, .discovered, .leakStatus, .ransomDemand, .summary, .confidence, .sourceIds,
                      breached: COLLECT { MATCH (n)-[r:BREACHED]->(t) WHERE $all OR t.id IN $organisations
                                          RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      leaked: COLLECT { MATCH (n)-[r:LEAKED]->(t) RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      affected: COLLECT { MATCH (n)-[r:AFFECTED]->(t) WHERE $all OR t.id IN $organisations
                                          RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      attributedTo: COLLECT { MATCH (n)-[r:ATTRIBUTED_TO]->(t) RETURN {%1$s, target: t.id} AS l ORDER BY t.id },
                      exploited: COLLECT { MATCH (n)-[r:EXPLOITED]->(t) RETURN {%1$s, target: t.id} AS l ORDER BY t.id }} AS row
                    ORDER BY n.id""".formatted(FACT), scope, exported);
            generator.writeName("claims");
            generator.writeStartArray();
            reader.stream("""
                    MATCH (n:Claim)
                    RETURN n {.id, subject: n.subjectId, .property, .value, .statement, .confidence, .stance, .sourceIds} AS row
                    ORDER BY n.id""", scope.parameters(), row -> {
                if (scope.all() || exported.contains((String) row.get("subject"))) {
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
            if (exportedIds != null && !scope.all()) {
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

    public void requireOrganisation(String id) {
        if (neo4jClient.query("MATCH (o:Organisation {id: $id}) RETURN count(o)").bind(id).to("id")
                .fetchAs(Long.class).one().orElse(0L) == 0) {
            throw new NotFoundException("Organisation", id);
        }
    }

    private Scope supplyChain(String vendor) {
        List<String> organisations = List.copyOf(neo4jClient.query("""
                        MATCH (v:Organisation {id: $vendor})
                        CALL (v) {
                          RETURN v.id AS id
                          UNION
                          MATCH (o:Organisation)-[:ENTRUSTS|SUBPROCESSES_TO]->{1,%1$d}(v) RETURN DISTINCT o.id AS id
                          UNION
                          MATCH (v)-[:SUBPROCESSES_TO]->{1,%1$d}(s:Organisation) RETURN DISTINCT s.id AS id
                        }
                        RETURN id""".formatted(CHAIN_DEPTH))
                .bind(vendor).to("vendor").fetchAs(String.class).all());
        if (organisations.isEmpty()) {
            throw new NotFoundException("Organisation", vendor);
        }
        return new Scope(false, organisations);
    }

    private record Scope(boolean all, List<String> organisations) {
        static final Scope ALL = new Scope(true, List.of());

        Map<String, Object> parameters() {
            return Map.of("all", all, "organisations", organisations);
        }
    }
}
