package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.ChangeRecord;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.http.MediaType;

/**
 * Ending and purging over real HTTP: an ended fact keeps its place in the graph with an end date and is recorded
 * ENDED; a hidden fact is answered exactly like a missing one; purge is ADMIN only, audited and recorded REMOVED.
 */
@EmptyGraphTest
class LifecycleTest {

    private static final String GRAPH = """
            {"dataCategories": [{"id": "health", "name": "Health", "sensitivity": 5}],
             "organisations": [{"id": "vendor", "name": "Vendor Ltd", "kind": "VENDOR"},
                               {"id": "archive", "name": "Archive Ltd", "kind": "VENDOR"},
                               {"id": "clinic", "name": "Clinic", "kind": "PRIVATE_CLINIC"},
                               {"id": "practice", "name": "Practice", "kind": "GP_PRACTICE"}],
             "software": [{"id": "moveit", "name": "MOVEit Transfer"}],
             "dataFlows": [{"client": "clinic", "processor": "vendor", "categories": ["health"], "since": "2020-01-01"},
                           {"id": "red-flow", "client": "practice", "processor": "vendor", "categories": ["health"],
                            "tlp": "RED"}],
             "subProcessing": [{"processor": "vendor", "subProcessor": "archive", "categories": ["health"]}],
             "softwareUse": [{"organisation": "vendor", "software": "moveit"}]}""";

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;
    @LocalServerPort
    int port;

    @BeforeEach
    void graph() {
        fixtures.reset();
        TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/api/imports/native")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(GRAPH.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
    }

    @Test
    void endingAFlowKeepsItWithAnEndDateAndRecordsItEnded() {
        long before = lastSeq();
        String ended = graphQl(TestKeys.EDITOR, """
                mutation { endDataFlow(input: {client: "clinic", processor: "vendor", until: "2022-03-31",
                                               reason: "moved to another vendor"}) {
                  dataFlow { id kind from to since until endReason tlp } errors { field message } } }""");
        assertThat(ended).contains("{\"id\":\"flow:clinic:vendor\",\"kind\":\"ENTRUSTS\",\"from\":\"clinic\",\"to\":\"vendor\","
                + "\"since\":\"2020-01-01\",\"until\":\"2022-03-31\",\"endReason\":\"moved to another vendor\",\"tlp\":\"CLEAR\"}")
                .contains("\"errors\":[]");
        Map<String, Object> stored = neo4j.query("MATCH (:Organisation {id: 'clinic'})-[r:ENTRUSTS]->(:Organisation {id: 'vendor'})"
                + " RETURN toString(r.until) AS until, r.endReason AS reason, r.categories AS categories").fetch().one().orElseThrow();
        assertThat(stored).containsEntry("until", "2022-03-31").containsEntry("reason", "moved to another vendor")
                .containsEntry("categories", List.of("health"));
        List<Map<String, Object>> entries = changesAfter(before);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).containsEntry("operation", "endDataFlow")
                .containsEntry("ended", List.of("ENTRUSTS:flow:clinic:vendor")).containsEntry("created", List.of())
                .containsEntry("categories", List.of("health"));

        // The same end again changes nothing and adds no entry.
        graphQl(TestKeys.EDITOR, """
                mutation { endDataFlow(input: {id: "flow:clinic:vendor", until: "2022-03-31", reason: "moved to another vendor"}) {
                  errors { field } } }""");
        assertThat(changesAfter(before)).hasSize(1);

        // An end before the start is refused with the rule's one reason, here and in every format.
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation { endDataFlow(input: {id: "flow:clinic:vendor", until: "2019-12-31"}) { dataFlow { id } errors { field message } } }"""))
                .contains("{\"field\":\"until\",\"message\":\"" + WriteRules.ENDS_BEFORE_START + "\"}");
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation { saveDataFlow(input: {client: "clinic", processor: "archive", categories: ["health"],
                                                since: "2021-01-01", until: "2020-01-01"}) { errors { field message } } }"""))
                .contains("{\"field\":\"until\",\"message\":\"" + WriteRules.ENDS_BEFORE_START + "\"}");
        assertThat(changesAfter(before)).hasSize(1);
    }

    @Test
    void anEndedFlowLeavesTodaysExposureAndStaysInAnEarlierOne() {
        String exposure = "{ vendorExposure(vendorId: \"vendor\"%s) { asOf exposedClients { client { id } } } }";
        assertThat(graphQl(TestKeys.ADMIN, exposure.formatted(""))).contains("{\"client\":{\"id\":\"clinic\"}}");
        graphQl(TestKeys.EDITOR, """
                mutation { endDataFlow(input: {client: "clinic", processor: "vendor", until: "2022-03-31"}) { errors { field } } }""");
        assertThat(graphQl(TestKeys.ADMIN, exposure.formatted(""))).doesNotContain("\"clinic\"");
        assertThat(graphQl(TestKeys.ADMIN, exposure.formatted(", asOf: \"2021-09-02\"")))
                .contains("\"asOf\":\"2021-09-02\"").contains("{\"client\":{\"id\":\"clinic\"}}");
    }

    @Test
    void subProcessingAndSoftwareUseEndTheSameWay() {
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation { endSubProcessing(input: {processor: "vendor", subProcessor: "archive", until: "2023-06-30"}) {
                  subProcessing { id until } errors { field } } }"""))
                .contains("{\"id\":\"subprocessing:vendor:archive\",\"until\":\"2023-06-30\"}");
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation { endSoftwareUse(input: {organisation: "vendor", software: "moveit", reason: "replaced"}) {
                  softwareUse { id until endReason } errors { field } } }"""))
                .contains("\"id\":\"runs:vendor:moveit\",\"until\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\"");
        assertThat(count("MATCH ()-[r:SUBPROCESSES_TO|RUNS]->() WHERE r.until IS NOT NULL RETURN count(r)")).isEqualTo(2);
    }

    @Test
    void subProcessingAndSoftwareUseStoreTheirValidityAndRefuseAnEndBeforeTheStart() {
        String report = TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/api/imports/native")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue("""
                        {"subProcessing": [{"processor": "archive", "subProcessor": "vendor", "since": "2021-01-01",
                                            "until": "2020-01-01"}],
                         "softwareUse": [{"organisation": "archive", "software": "moveit", "since": "2021-01-01",
                                          "until": "2020-12-31"}]}""".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isEqualTo(422).expectBody(String.class).returnResult().getResponseBody();
        assertThat(report).contains("{\"object\":\"subProcessing[0].until\",\"reason\":\"" + WriteRules.ENDS_BEFORE_START + "\"}")
                .contains("{\"object\":\"softwareUse[0].until\",\"reason\":\"" + WriteRules.ENDS_BEFORE_START + "\"}");
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation { saveSubProcessing(input: {processor: "archive", subProcessor: "vendor", since: "2021-01-01",
                                                     until: "2024-05-31"}) { errors { field message } } }"""))
                .contains("\"errors\":[]");
        assertThat(neo4j.query("MATCH ()-[r:SUBPROCESSES_TO {id: 'subprocessing:archive:vendor'}]->()"
                + " RETURN toString(r.since) + '/' + toString(r.until)").fetchAs(String.class).one().orElseThrow())
                .isEqualTo("2021-01-01/2024-05-31");
        String export = TestClients.withKey(port, "", TestKeys.ADMIN).get().uri("/api/exports/native").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(export).contains("2024-05-31");
    }

    @Test
    void anAmberEditorEndingARedFlowGetsTheAnswerForAMissingOne() {
        String before = GraphFixtures.fingerprint(neo4j);
        String endById = "mutation { endDataFlow(input: {id: \"%s\", until: \"2022-01-01\"}) { dataFlow { id } errors { field } } }";
        answeredAsMissing(TestKeys.EDITOR, endById, "red-flow");
        // By its ends too: the hidden flow between visible organisations is answered like a pair without a flow.
        String endByEnds = "mutation { endDataFlow(input: {client: \"%s\", processor: \"vendor\"}) { dataFlow { id } errors { field } } }";
        assertThat(graphQl(TestKeys.EDITOR, endByEnds.formatted("practice")))
                .isEqualTo(graphQl(TestKeys.EDITOR, endByEnds.formatted("archive")).replace("archive", "practice"));
        assertThat(GraphFixtures.fingerprint(neo4j)).isEqualTo(before);
        // The ADMIN key (RED) may end it.
        assertThat(graphQl(TestKeys.ADMIN, endById.formatted("red-flow"))).contains("{\"id\":\"red-flow\"}");
    }

    @Test
    void purgeIsForAdminsRemovesWithWhatWentWithItAndIsAuditedAndRecorded() {
        String before = GraphFixtures.fingerprint(neo4j);
        assertThat(graphQl(TestKeys.EDITOR, "mutation editorPurges { purge(input: {id: \"clinic\"}) { id } }"))
                .contains("FORBIDDEN");
        assertThat(GraphFixtures.fingerprint(neo4j)).isEqualTo(before);
        String unknown = graphQl(TestKeys.ADMIN, "mutation { purge(input: {id: \"%s\"}) { id } }".formatted("nothing-here"));
        assertThat(unknown).contains("NOT_FOUND").contains("nothing-here");

        long seq = lastSeq();
        assertThat(graphQl(TestKeys.ADMIN, "mutation adminPurges { purge(input: {id: \"clinic\"}) { id kind removed } }"))
                .contains("{\"id\":\"clinic\",\"kind\":\"Organisation\",\"removed\":[\"ENTRUSTS:flow:clinic:vendor\"]}");
        assertThat(count("MATCH (o:Organisation {id: 'clinic'}) RETURN count(o)")).isZero();
        assertThat(count("MATCH ()-[r:ENTRUSTS]->(:Organisation {id: 'vendor'}) RETURN count(r)"))
                .as("only the practice's flow is left").isEqualTo(1);
        // A relationship fact by its id: only the link goes.
        assertThat(graphQl(TestKeys.ADMIN, "mutation { purge(input: {id: \"runs:vendor:moveit\"}) { id kind removed } }"))
                .contains("{\"id\":\"runs:vendor:moveit\",\"kind\":\"RUNS\",\"removed\":[]}");
        assertThat(count("MATCH (s:Software {id: 'moveit'}) RETURN count(s)")).isEqualTo(1);

        List<Map<String, Object>> entries = changesAfter(seq);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).containsEntry("operation", "purge")
                .containsEntry("removed", List.of("Organisation:clinic", "ENTRUSTS:flow:clinic:vendor"))
                .containsEntry("organisations", List.of("clinic", "vendor")).containsEntry("categories", List.of("health"));
        assertThat(entries.get(1)).containsEntry("removed", List.of("RUNS:runs:vendor:moveit"));
        assertThat(graphQl(TestKeys.ADMIN, "{ auditLog(first: 100) { edges { node { operation outcome } } } }"))
                .contains("mutation adminPurges [purge]").contains("mutation editorPurges [purge]");
    }

    @Test
    void anAdminClearedBelowRedPurgingARedFactGetsTheAnswerForAMissingOne() {
        String before = GraphFixtures.fingerprint(neo4j);
        String purge = "mutation { purge(input: {id: \"%s\"}) { id kind removed } }";
        answeredAsMissing(TestKeys.AMBER_ADMIN, purge, "red-flow");
        assertThat(GraphFixtures.fingerprint(neo4j)).isEqualTo(before);
        // Its visible facts it may purge; the RED ADMIN may purge the RED one.
        assertThat(graphQl(TestKeys.AMBER_ADMIN, purge.formatted("runs:vendor:moveit"))).contains("\"kind\":\"RUNS\"");
        // A flow stores no derived id (Facts): found by the ends it names; one with an id of its own only by that id.
        answeredAsMissing(TestKeys.ADMIN, purge, "flow:practice:vendor");
        assertThat(graphQl(TestKeys.ADMIN, purge.formatted("red-flow"))).contains("{\"id\":\"red-flow\",\"kind\":\"ENTRUSTS\"");
        assertThat(graphQl(TestKeys.AMBER_ADMIN, purge.formatted("flow:clinic:vendor")))
                .contains("{\"id\":\"flow:clinic:vendor\",\"kind\":\"ENTRUSTS\",\"removed\":[]}");
        assertThat(count("MATCH (:Organisation {id: 'clinic'})-[r:ENTRUSTS]->() RETURN count(r)")).isZero();
    }

    /** The document about {@code hiddenId} gets NOT_FOUND, word for word the answer for an id that does not exist. */
    @Test
    void savingAFlowOrLinkMayEndItWithAReasonAndTheTypesShowItsValidity() {
        long before = lastSeq();
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation { saveDataFlow(input: {client: "clinic", processor: "archive", categories: ["health"],
                                                since: "2021-01-01", until: "2022-06-30", endReason: "contract ended"}) {
                  dataFlow { id since until endReason } errors { field message } } }"""))
                .contains("{\"id\":\"flow:clinic:archive\",\"since\":\"2021-01-01\",\"until\":\"2022-06-30\","
                        + "\"endReason\":\"contract ended\"}").contains("\"errors\":[]");
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation { saveSubProcessing(input: {processor: "archive", subProcessor: "vendor", since: "2021-01-01",
                                                     until: "2024-05-31", endReason: "archive moved in house"}) {
                  subProcessing { id since until endReason } errors { field message } } }"""))
                .contains("{\"id\":\"subprocessing:archive:vendor\",\"since\":\"2021-01-01\",\"until\":\"2024-05-31\","
                        + "\"endReason\":\"archive moved in house\"}");
        // The dated types answer their validity when read, an ongoing fact with nulls.
        graphQl(TestKeys.EDITOR, """
                mutation { endSoftwareUse(input: {organisation: "vendor", software: "moveit", until: "2023-01-31", reason: "replaced"}) {
                  errors { field } } }""");
        assertThat(graphQl(TestKeys.ADMIN, """
                { organisation(id: "vendor") { subProcessors { id since until endReason } software { id since until endReason } } }"""))
                .contains("{\"id\":\"subprocessing:vendor:archive\",\"since\":null,\"until\":null,\"endReason\":null}")
                .contains("{\"id\":\"runs:vendor:moveit\",\"since\":null,\"until\":\"2023-01-31\",\"endReason\":\"replaced\"}");

        // A reason without an end date: the end mutations' and the inventory's rule, refused as a bad request.
        long written = lastSeq();
        for (String mutation : List.of(
                "saveDataFlow(input: {client: \"clinic\", processor: \"archive\", categories: [\"health\"], endReason: \"why\"}) { errors { field } }",
                "saveSubProcessing(input: {processor: \"archive\", subProcessor: \"vendor\", endReason: \"why\"}) { errors { field } }")) {
            assertThat(graphQl(TestKeys.EDITOR, "mutation { " + mutation + " }"))
                    .contains("\"classification\":\"BAD_REQUEST\"").contains("endReason: " + WriteRules.REASON_WITHOUT_END);
        }
        assertThat(lastSeq()).isEqualTo(written);
        assertThat(written).isGreaterThan(before);
    }

    private void answeredAsMissing(String key, String document, String hiddenId) {
        String hidden = graphQl(key, document.formatted(hiddenId));
        assertThat(hidden).contains("NOT_FOUND").contains(hiddenId);
        assertThat(hidden).isEqualTo(graphQl(key, document.formatted("no-such-fact")).replace("no-such-fact", hiddenId));
    }

    private String graphQl(String key, String document) {
        return TestClients.withKey(port, "", key).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", document)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private List<Map<String, Object>> changesAfter(long seq) {
        return ChangeRecord.after(port, seq);
    }

    private long lastSeq() {
        return ChangeRecord.lastSeq(port);
    }

    private long count(String cypher) {
        return neo4j.query(cypher).fetchAs(Long.class).one().orElseThrow();
    }
}
