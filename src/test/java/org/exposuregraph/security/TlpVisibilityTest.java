package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * TLP markings: a key cleared for GREEN sees, through every query, analytic, export and search, exactly
 * what a fully cleared key sees in a graph from which everything above GREEN has been deleted — the same
 * clients, the same counts and totals, the same scores, byte for byte. So nothing hidden leaks, not even
 * through an aggregate. The hidden facts (tlp/secret-facts.json) all have "secret" in their ids or names.
 */
@EmptyGraphTest
class TlpVisibilityTest {

    private static final String ORGANISATION_FIELDS = """
            id name kind tlp directClientCount
            processors { id tlp people categories { id } processor { id } sources { id } claims { id statement tlp } }
            subProcessors { id tlp subProcessor { id } }
            software { id tlp software { id name vulnerabilities { id } } }
            incidents { id }""";
    private static final String EXPOSURE_FIELDS = """
            totalClients directClients inferredClients totalPeople specialCategory
            categoryStats { category { id } clients people }
            exposedClients { client { id name } categories { id } hops path { id } people confidence disputed }
            clients(first: 2) { totalCount edges { cursor node { client { id } } } }""";

    /** Every read the API offers, with the fields where a hidden fact could show or be counted. */
    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("organisations", "{ organisations(first: 100) { totalCount edges { node { " + ORGANISATION_FIELDS + " } } } }");
        for (String id : List.of("stor-a-file", "open-practice", "green-practice", "open-archive", "secret-clinic", "secret-processor")) {
            QUERIES.put("organisation " + id, "{ organisation(id: \"" + id + "\") { " + ORGANISATION_FIELDS + " } }");
        }
        QUERIES.put("vendorExposure stor-a-file", "{ vendorExposure(vendorId: \"stor-a-file\", maxDepth: 3) { " + EXPOSURE_FIELDS + " } }");
        QUERIES.put("vendorExposure open-archive", "{ vendorExposure(vendorId: \"open-archive\", maxDepth: 4) { " + EXPOSURE_FIELDS + " } }");
        QUERIES.put("simulateBreach", "{ simulateBreach(vendorIds: [\"stor-a-file\", \"open-archive\"]) { " + EXPOSURE_FIELDS + " } }");
        QUERIES.put("vendorExposure stor-a-file asOf", "{ vendorExposure(vendorId: \"stor-a-file\", asOf: \"2021-09-02\") { " + EXPOSURE_FIELDS + " } }");
        for (String vendor : List.of("stor-a-file", "open-archive")) {
            QUERIES.put("exposureChanges " + vendor, """
                    { exposureChanges(vendorId: "%s", from: "2000-01-01", to: "2030-01-01", maxDepth: 4) {
                        gained { client { id } categories { id } whole } lost { client { id } categories { id } whole } } }"""
                    .formatted(vendor));
        }
        QUERIES.put("incidentImpact", """
                { incidentImpact(incidentId: "stor-a-file-2021") {
                    incident { id tlp attributions { id actor { id } } breachedVendors { id } claims { id } }
                    breachedVendors { id } exposedClients { client { id } categories { id } people }
                    totalClients totalPeople categoryStats { category { id } clients people }
                    notifications { controller { id } deadline notifyIndividuals reason categories { id } people } } }""");
        QUERIES.put("incidentImpact secret", "{ incidentImpact(incidentId: \"secret-incident-2022\") { totalClients } }");
        QUERIES.put("incidents", "{ incidents(first: 50) { totalCount edges { node { id breachedVendors { id } attributions { id } } } } }");
        for (String actor : List.of("clop", "ta505")) {
            QUERIES.put("threatActorReach " + actor, """
                    { threatActorReach(actorId: "%s") { family { id } incidents { id } victims { id } vulnerabilities { id }
                        software { id } atRiskVendors { id } atRiskClients { client { id } categories { id } people } } }"""
                    .formatted(actor));
            QUERIES.put("threatActor " + actor, """
                    { threatActor(id: "%s") { id aliases uses { id } usedBy { id } relatedTo { id }
                        exploits { id affects { id } exploitedBy { id } } incidents { id } } }""".formatted(actor));
        }
        QUERIES.put("threatActor secret", "{ threatActor(id: \"secret-affiliate\") { id } }");
        QUERIES.put("concentrationRisk", """
                { concentrationRisk(first: 50) { organisation { id } dependentClients specialCategoryClients people
                    meanSensitivity score } }""");
        QUERIES.put("concentrationRisk health", """
                { concentrationRisk(first: 50, category: "health") { organisation { id } dependentClients people score } }""");
        for (String client : List.of("open-practice", "green-practice", "lister-fertility-clinic")) {
            QUERIES.put("supplyChain " + client, """
                    { supplyChain(clientId: "%s", maxDepth: 4) {
                        links { organisation { id } software { id } hops path { id } categories { id } } } }""".formatted(client));
        }
        for (String vendor : List.of("stor-a-file", "open-archive")) {
            QUERIES.put("vendorRiskAssessment " + vendor, """
                    { vendorRiskAssessment(vendorId: "%s") { score factors { name value contribution explanation } } }"""
                    .formatted(vendor));
        }
        QUERIES.put("vendorRiskAssessments", "{ vendorRiskAssessments(first: 50) { totalCount edges { node { vendor { id } score } } } }");
    }

    private static final List<String> EXPORTS = List.of("/api/exports/native", "/api/exports/native?vendor=stor-a-file",
            "/api/exports/stix", "/api/exports/graphml", "/api/exports/exposure.csv?vendorId=stor-a-file",
            "/api/exports/exposure.csv?vendorId=open-archive&maxDepth=4",
            "/api/exports/exposure.csv?vendorId=stor-a-file&asOf=2021-09-02",
            "/api/exports/incident-exposure.csv?incidentId=stor-a-file-2021");
    private static final List<String> SEARCHES = List.of("secret", "surgery", "clinic", "stor", "clop", "cve", "archive");

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;
    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void seedWithSecrets() {
        fixtures.reset();
        WebTestClient admin = client(TestKeys.ADMIN);
        for (String file : List.of("seed-data/taxonomy.json", "seed-data/stor-a-file.json", "tlp/secret-facts.json")) {
            admin.post().uri("/api/imports/native").contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .bodyValue(resource(file)).exchange().expectStatus().isOk();
        }
    }

    @Test
    void aGreenKeySeesExactlyTheGraphWithoutWhatIsAboveGreen() {
        Map<String, String> green = answers(TestKeys.GREEN_ANALYST);
        Map<String, String> everything = answers(TestKeys.ADMIN);

        // (A query that names a hidden record gets "not found" with the name it asked for, as for a missing one.)
        List<String> askedForHidden = List.of("organisation secret-clinic", "organisation secret-processor",
                "incidentImpact secret", "threatActor secret");
        green.entrySet().stream().filter(answer -> !askedForHidden.contains(answer.getKey()))
                .forEach(answer -> assertThat(answer.getValue()).as(answer.getKey()).doesNotContainIgnoringCase("secret")
                        .doesNotContain("CVE-2099"));
        green.entrySet().stream().filter(answer -> !askedForHidden.contains(answer.getKey()))
                .forEach(answer -> assertThat(answer.getValue()).as(answer.getKey()).doesNotContain("\"errors\""));
        for (String name : askedForHidden) {
            assertThat(green.get(name)).as(name).contains("NOT_FOUND");
        }
        // The hidden facts are there and do change these answers for a key cleared to see them.
        for (String name : List.of("organisations", "organisation stor-a-file", "organisation open-practice",
                "vendorExposure stor-a-file", "vendorExposure open-archive", "simulateBreach", "incidentImpact",
                "incidents", "threatActorReach clop", "threatActor clop", "concentrationRisk", "supplyChain open-practice",
                "vendorRiskAssessment stor-a-file", "vendorRiskAssessments", "/api/exports/native", "/api/exports/stix",
                "/api/exports/graphml", "/api/exports/exposure.csv?vendorId=stor-a-file", "search secret")) {
            assertThat(everything.get(name)).as(name).isNotEqualTo(green.get(name));
            if (!name.contains("Risk")) { // scores and counts differ without naming what they count
                assertThat(everything.get(name)).as(name).containsIgnoringCase("secret");
            }
        }
        // GREEN facts are visible to a GREEN key.
        assertThat(green.get("vendorExposure stor-a-file")).contains("green-practice");
        assertThat(green.get("organisation green-practice")).contains("\"tlp\":\"GREEN\"");

        deleteEverythingAboveGreen();
        Map<String, String> withoutHidden = answers(TestKeys.ADMIN);
        green.forEach((name, answer) -> assertThat(answer).as(name).isEqualTo(withoutHidden.get(name)));
    }

    @Test
    void aSavedFactCannotBeMarkedAboveTheClearanceOfTheKeyThatSavesIt() {
        // The EDITOR key is cleared to AMBER.
        String response = client(TestKeys.EDITOR).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", """
                        mutation { saveOrganisation(input: {id: "red-by-amber", name: "Red by amber", kind: VENDOR, tlp: RED}) {
                          organisation { id } errors { field message } } }"""))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(response).contains("\"field\":\"tlp\"").contains("AMBER");
        assertThat(neo4j.query("MATCH (o:Organisation {id: 'red-by-amber'}) RETURN count(o)").fetchAs(Long.class).one())
                .contains(0L);
        // Nor attach a claim to a fact it cannot see: to this key, the RED flow does not exist.
        String claim = client(TestKeys.EDITOR).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", """
                        mutation { saveClaim(input: {id: "probe", subjectId: "secret-flow-open-practice", property: "people",
                                                     statement: "Probing"}) { claim { id } errors { field message } } }"""))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(claim).contains("\"field\":\"subjectId\"").contains("no organisation, incident, actor or fact");
    }

    @Test
    void anImportCannotMarkReplaceOrPointAtWhatTheImportingKeyCannotSee() {
        // The EDITOR key is cleared to AMBER; secret-clinic is RED.
        String document = """
                {"format": "exposuregraph-native",
                 "organisations": [
                   {"id": "red-newcomer", "name": "Red newcomer", "kind": "VENDOR", "tlp": "RED"},
                   {"id": "secret-clinic", "name": "Overwritten", "kind": "PRIVATE_CLINIC"}],
                 "dataFlows": [{"client": "open-practice", "processor": "secret-clinic", "categories": ["health"]},
                               {"client": "open-practice", "processor": "stor-a-file", "categories": ["health"]}]}""";
        String report = client(TestKeys.EDITOR).post().uri("/api/imports/native").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(document.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isEqualTo(422)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(report).contains("organisations[0].tlp").contains("cleared to AMBER");
        // Markings are checked first; with them fixed, the hidden record, reference and link are named.
        String unmarked = document.replace(", \"tlp\": \"RED\"", "");
        String second = client(TestKeys.EDITOR).post().uri("/api/imports/native").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(unmarked.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isEqualTo(422)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(second).contains("organisations[1].id").contains("dataFlows[1].id")
                .doesNotContain("organisations[0]").doesNotContain("dataFlows[0].client");
        assertThat(neo4j.query("""
                MATCH (o:Organisation) WHERE o.id = 'red-newcomer' OR o.name = 'Overwritten' RETURN count(o)""")
                .fetchAs(Long.class).one()).contains(0L);
        // A key cleared to RED may.
        client(TestKeys.ADMIN).post().uri("/api/imports/native").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(document.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
    }

    /** The reference graph: delete every element marked above GREEN, what hangs on it, and references to it. */
    private void deleteEverythingAboveGreen() {
        List<String> hidden = List.of("AMBER", "AMBER_STRICT", "RED");
        neo4j.query("MATCH (n) WHERE n.tlp IN $hidden DETACH DELETE n").bind(hidden).to("hidden").run();
        neo4j.query("MATCH ()-[r]->() WHERE r.tlp IN $hidden DELETE r").bind(hidden).to("hidden").run();
        neo4j.query("""
                MATCH (c:Claim)
                WHERE NOT EXISTS { MATCH (s) WHERE s.id = c.subjectId AND NOT s:Claim }
                  AND NOT EXISTS { MATCH ()-[r]->() WHERE r.id = c.subjectId }
                DETACH DELETE c""").run();
        neo4j.query("""
                MATCH (n) WHERE n.sourceIds IS NOT NULL
                SET n.sourceIds = [x IN n.sourceIds WHERE EXISTS { MATCH (:Source {id: x}) }]""").run();
        neo4j.query("""
                MATCH ()-[r]->() WHERE r.sourceIds IS NOT NULL
                SET r.sourceIds = [x IN r.sourceIds WHERE EXISTS { MATCH (:Source {id: x}) }]""").run();
        assertThat(neo4j.query("MATCH (n) WHERE toLower(coalesce(n.id, '')) CONTAINS 'secret' RETURN count(n)")
                .fetchAs(Long.class).one()).contains(0L);
        fixtures.wroteAroundTheChangeRecord();
    }

    private Map<String, String> answers(String key) {
        WebTestClient client = client(key);
        Map<String, String> answers = new LinkedHashMap<>();
        QUERIES.forEach((name, query) -> answers.put(name, client.post().uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", query))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()));
        for (String export : EXPORTS) {
            byte[] body = client.get().uri(export).exchange().expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            answers.put(export, new String(body, StandardCharsets.UTF_8));
        }
        // Relevance scores depend on index statistics, which deleted entries still influence: compare the hits.
        for (String text : SEARCHES) {
            String response = client.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("query", "query($t: String!) { search(text: $t, first: 100) { id name type } }",
                            "variables", Map.of("t", text)))
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            TreeSet<String> hits = new TreeSet<>();
            json.readTree(response).path("data").path("search").values().forEach((JsonNode hit) -> hits.add(hit.toString()));
            answers.put("search " + text, hits.toString());
        }
        return answers;
    }

    private WebTestClient client(String key) {
        return TestClients.withKey(port, "", key);
    }

    private static byte[] resource(String path) {
        try {
            return new ClassPathResource(path).getContentAsByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
