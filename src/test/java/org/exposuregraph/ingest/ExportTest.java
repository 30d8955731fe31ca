package org.exposuregraph.ingest;

import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.ImportReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@EmptyGraphTest
class ExportTest extends ImportTestSupport {

    @Autowired
    JsonMapper json;

    @BeforeEach
    void richGraph() {
        imports.seed();
        imports.importOk("stix", ImportClient.resource(StixImportTest.CORE));
        imports.importOk("ods-trusts", ImportClient.resource(OdsImportTest.TRUSTS));
        imports.importOk("inventory", ImportClient.resource(InventoryImportTest.EXAMPLE));
        imports.importOk("native", ENDED_FACTS.getBytes(StandardCharsets.UTF_8));
    }

    /** Data flows and a software use that started and ended (one on its first day), with the reason they ended. */
    static final String ENDED_FACTS = """
            {"organisations": [{"id": "old-clinic", "name": "Old Clinic", "kind": "PRIVATE_CLINIC"},
                               {"id": "one-day-vendor", "name": "One Day Vendor", "kind": "VENDOR"}],
             "dataFlows": [{"client": "old-clinic", "processor": "stor-a-file", "categories": ["identity-contact"],
                            "since": "2019-04-01", "until": "2022-03-31", "endReason": "contract ended"},
                           {"client": "old-clinic", "processor": "one-day-vendor", "categories": ["identity-contact"],
                            "since": "2021-09-01", "until": "2021-09-01", "endReason": "trial cancelled"}],
             "softwareUse": [{"organisation": "old-clinic", "software": "solarwinds-serv-u", "since": "2020-01-01",
                              "until": "2021-07-20", "endReason": "replaced after CVE-2021-35211"}]}""";

    private String get(String uri) {
        return new String(http.mutate().responseTimeout(java.time.Duration.ofMinutes(2)).build()
                .get().uri(uri).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }

    @Test
    void nativeExportImportedIntoAnEmptyGraphExportsTheSameDocument() {
        String first = get("/api/exports/native");
        String graphBefore = imports.fingerprint();
        assertThat(first).contains("\"format\":\"exposuregraph-native\"").contains("ods-r0a").contains("lace-tempest");

        fixtures.reset();
        ImportReport report = imports.importOk("native", first.getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).isEmpty();
        assertThat(get("/api/exports/native")).isEqualTo(first);
        assertThat(imports.fingerprint()).isEqualTo(graphBefore);
    }

    @Test
    void aVendorsSupplyChainExportHoldsItsClientsAndSubProcessorsOnly() {
        JsonNode chain = json.readTree(get("/api/exports/native?vendor=docstore"));
        Set<String> organisations = new HashSet<>();
        chain.path("organisations").values().forEach(o -> organisations.add(o.path("id").asString()));
        assertThat(organisations).containsExactlyInAnyOrder("docstore", "acme-health", "cloudco");
        assertThat(chain.path("dataFlows").size()).isEqualTo(2);
        assertThat(chain.path("subProcessing").size()).isEqualTo(1);

        JsonNode storAFile = json.readTree(get("/api/exports/native?vendor=stor-a-file"));
        assertThat(storAFile.path("incidents").size()).isEqualTo(1);
        assertThat(storAFile.path("organisations").size()).isLessThan(20);

        http.get().uri("/api/exports/native?vendor=nobody").exchange().expectStatus().isNotFound();
    }

    @Test
    void stixExportIsAValidBundleThatImportsBack() {
        String bundle = get("/api/exports/stix");
        JsonNode root = json.readTree(bundle);
        assertThat(root.path("type").asString()).isEqualTo("bundle");
        Pattern id = Pattern.compile("[a-z][a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        Set<String> ids = new HashSet<>();
        for (JsonNode o : root.path("objects").values()) {
            assertThat(o.path("spec_version").asString()).isEqualTo("2.1");
            assertThat(o.path("id").asString()).matches(id).startsWith(o.path("type").asString() + "--");
            assertThat(o.path("created").asString()).isNotEmpty();
            assertThat(o.path("modified").asString()).isNotEmpty();
            assertThat(ids.add(o.path("id").asString())).isTrue();
        }
        for (JsonNode o : root.path("objects").values()) {
            if (o.path("type").asString().equals("relationship")) {
                assertThat(ids).contains(o.path("source_ref").asString(), o.path("target_ref").asString());
            }
            if (o.path("type").asString().equals("malware")) {
                assertThat(o.path("is_family").asBoolean()).isTrue();
            }
        }
        assertThat(bundle).contains("malware--cad3ba95-8c89-4146-ab10-08daa813f9de")
                .contains("intrusion-set--7eda3dd8-b09b-4705-8090-c2ad9fb8c14d");

        long actors = imports.count("MATCH (a:ThreatActor) RETURN count(a)");
        long attributions = imports.count("MATCH (:Incident)-[r:ATTRIBUTED_TO]->() RETURN count(r)");
        fixtures.reset();
        imports.importOk("native", ImportClient.resource("seed-data/taxonomy.json")); // the data flows' categories
        ImportReport report = imports.importOk("stix", bundle.getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).isEmpty();
        assertThat(imports.count("MATCH (a:ThreatActor) RETURN count(a)")).isEqualTo(actors);
        assertThat(imports.count("MATCH (:Incident)-[r:ATTRIBUTED_TO]->() RETURN count(r)")).isEqualTo(attributions);
        assertThat(imports.count("MATCH (:ThreatActor {id: 'ta505'})-[:USES]->(:ThreatActor {id: 'clop'}) RETURN count(*)")).isEqualTo(1);
    }

    @Test
    void sinceUntilAndEndReasonTravelInEveryExportFormat() throws Exception {
        JsonNode nativeExport = json.readTree(get("/api/exports/native"));
        JsonNode flow = find(nativeExport.path("dataFlows"), "client", "old-clinic", "processor", "stor-a-file");
        assertThat(flow.path("since").asString()).isEqualTo("2019-04-01");
        assertThat(flow.path("until").asString()).isEqualTo("2022-03-31");
        assertThat(flow.path("endReason").asString()).isEqualTo("contract ended");
        assertThat(find(nativeExport.path("softwareUse"), "organisation", "old-clinic", "software", "solarwinds-serv-u")
                .path("endReason").asString()).isEqualTo("replaced after CVE-2021-35211");

        assertThat(graphMlEdge("Organisation:old-clinic", "Organisation:stor-a-file")).containsEntry("since", "2019-04-01")
                .containsEntry("until", "2022-03-31").containsEntry("endReason", "contract ended");

        String bundle = get("/api/exports/stix");
        JsonNode relationship = find(json.readTree(bundle).path("objects"), "x_exposuregraph_id", "flow:old-clinic:stor-a-file",
                "type", "relationship");
        assertThat(relationship.path("start_time").asString()).isEqualTo("2019-04-01T00:00:00Z");
        assertThat(relationship.path("stop_time").asString()).isEqualTo("2022-03-31T00:00:00Z");
        assertThat(relationship.path("x_exposuregraph_end_reason").asString()).isEqualTo("contract ended");
        // STIX 2.1: a relationship's stop_time must be later than its start_time, a one-day fact's too.
        JsonNode oneDay = find(json.readTree(bundle).path("objects"), "x_exposuregraph_id", "flow:old-clinic:one-day-vendor",
                "type", "relationship");
        assertThat(oneDay.path("start_time").asString()).isEqualTo("2021-09-01T00:00:00Z");
        assertThat(oneDay.path("stop_time").asString()).isEqualTo("2021-09-01T23:59:59.999Z");
        for (JsonNode o : json.readTree(bundle).path("objects").values()) {
            if (o.hasNonNull("start_time") && o.hasNonNull("stop_time")) {
                assertThat(java.time.Instant.parse(o.path("stop_time").asString()))
                        .as(o.path("id").asString()).isAfter(java.time.Instant.parse(o.path("start_time").asString()));
            }
        }
        fixtures.reset();
        imports.importOk("native", ImportClient.resource("seed-data/taxonomy.json"));
        assertThat(imports.importOk("stix", bundle.getBytes(StandardCharsets.UTF_8)).rejected()).isEmpty();
        assertThat(imports.count("""
                MATCH (:Organisation {id: 'old-clinic'})-[r:ENTRUSTS]->(:Organisation {id: 'stor-a-file'})
                WHERE r.since = date('2019-04-01') AND r.until = date('2022-03-31') AND r.endReason = 'contract ended'
                  AND r.categories = ['identity-contact']
                RETURN count(r)""")).isEqualTo(1);
        assertThat(imports.count("""
                MATCH (:Organisation {id: 'old-clinic'})-[r:ENTRUSTS]->(:Organisation {id: 'one-day-vendor'})
                WHERE r.since = date('2021-09-01') AND r.until = date('2021-09-01') AND r.endReason = 'trial cancelled'
                RETURN count(r)""")).isEqualTo(1);
    }

    /** The flows here were written with no confidence and no sources: stored without them, exported with the defaults. */
    @Test
    void aFactsDefaultsAreNotStoredYetEveryExportShowsThem() throws Exception {
        assertThat(imports.count("""
                MATCH ()-[r]->() WHERE r.confidence = 50 OR size(r.sourceIds) = 0 OR r.disputed = false RETURN count(r)"""))
                .as("relationships that store a default, written by the seed and four formats").isZero();
        assertThat(imports.count("""
                MATCH (c)-[r:ENTRUSTS]->(p) WHERE r.id = 'flow:' + c.id + ':' + p.id RETURN count(r)"""))
                .as("data flows that store the id derived from their ends").isZero();
        assertThat(imports.count("""
                MATCH (:Organisation {id: 'old-clinic'})-[r:ENTRUSTS]->(:Organisation {id: 'stor-a-file'})
                WHERE r.confidence IS NULL AND r.sourceIds IS NULL AND r.disputed IS NULL RETURN count(r)""")).isEqualTo(1);

        JsonNode flow = find(json.readTree(get("/api/exports/native")).path("dataFlows"), "client", "old-clinic",
                "processor", "stor-a-file");
        assertThat(flow.path("confidence").asInt()).isEqualTo(Facts.DEFAULT_CONFIDENCE);
        assertThat(flow.path("sourceIds").isArray()).as("sourceIds of %s", flow).isTrue();
        assertThat(flow.path("sourceIds").isEmpty()).isTrue();
        assertThat(graphMlEdge("Organisation:old-clinic", "Organisation:stor-a-file"))
                .containsEntry("confidence", Integer.toString(Facts.DEFAULT_CONFIDENCE));
        // A structural link of the taxonomy is no fact: it has no confidence to show.
        assertThat(graphMlEdge("DataCategory:payment-card", "DataCategory:financial")).containsKey("type")
                .doesNotContainKey("confidence");
        assertThat(find(json.readTree(get("/api/exports/stix")).path("objects"), "x_exposuregraph_id",
                "flow:old-clinic:stor-a-file", "type", "relationship").path("confidence").asInt(-1))
                .isEqualTo(Facts.DEFAULT_CONFIDENCE);
    }

    /** The data of the GraphML export's edge from {@code source} to {@code target}, by key. */
    private java.util.Map<String, String> graphMlEdge(String source, String target) throws Exception {
        Document graphMl = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(get("/api/exports/graphml").getBytes(StandardCharsets.UTF_8)));
        java.util.Map<String, String> found = new java.util.HashMap<>();
        org.w3c.dom.NodeList edges = graphMl.getElementsByTagName("edge");
        for (int i = 0; i < edges.getLength(); i++) {
            org.w3c.dom.Element edge = (org.w3c.dom.Element) edges.item(i);
            if (edge.getAttribute("source").equals(source) && edge.getAttribute("target").equals(target)) {
                org.w3c.dom.NodeList data = edge.getElementsByTagName("data");
                for (int d = 0; d < data.getLength(); d++) {
                    org.w3c.dom.Element value = (org.w3c.dom.Element) data.item(d);
                    found.put(value.getAttribute("key"), value.getTextContent());
                }
            }
        }
        return found;
    }

    /** The one element of {@code array} with these two property values. */
    private static JsonNode find(JsonNode array, String key1, String value1, String key2, String value2) {
        return array.values().stream()
                .filter(o -> o.path(key1).asString("").equals(value1) && o.path(key2).asString("").equals(value2))
                .reduce((a, b) -> { throw new AssertionError("two elements with " + value1 + ", " + value2); })
                .orElseThrow(() -> new AssertionError("no element with " + value1 + ", " + value2));
    }

    @Test
    void graphMlHoldsEveryNodeAndRelationship() throws Exception {
        byte[] graphMl = get("/api/exports/graphml").getBytes(StandardCharsets.UTF_8);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(graphMl));
        assertThat((long) document.getElementsByTagName("node").getLength())
                .isEqualTo(imports.count("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN count(n)",
                        java.util.Map.of("labels", GraphMlExporter.LABELS)));
        assertThat((long) document.getElementsByTagName("edge").getLength())
                .isEqualTo(imports.count("""
                        MATCH (a)-[r]->(b) WHERE any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels)
                        RETURN count(r)""", java.util.Map.of("labels", GraphMlExporter.LABELS)));
    }
}
