package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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

/**
 * The write side of TLP markings, over real HTTP: an AMBER editor can neither change nor lower a RED record or
 * link through any mutation or import format; no write lowers a marking (only ADMIN's {@code declassify} does);
 * and a record the writing key cannot see is answered exactly like a missing one.
 */
@EmptyGraphTest
class WriteClearanceTest {

    /** RED links between visible ends, beside those of tlp/secret-facts.json. */
    private static final String RED_LINKS = """
            {"organisations": [{"id": "ods-g83001", "name": "Hidden practice", "kind": "GP_PRACTICE", "odsCode": "G83001",
                                "tlp": "RED"}],
             "actorRelations": [{"id": "red-fin11-uses-clop", "from": "fin11", "to": "clop", "type": "USES", "tlp": "RED"}],
             "subProcessing": [{"id": "red-sub", "processor": "open-archive", "subProcessor": "stor-a-file", "tlp": "RED"}]}""";
    private static final String ODS_LINE = "G83001,MANOR BROOK PMS,Y56,QKK,MANOR BROOK MEDICAL CTR.,117 BROOK LANE,BLACKHEATH,"
            + "LONDON,,SE3 0EN,19740401,,A,B,72Q,20200401,,020 88569720,,,,0,,72Q,,4,\n";
    private static final String INVENTORY_HEADER = "type,id,name,kind,domain,companyNumber,from,to,categories,people,records,purpose,since,tlp\n";

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;
    @LocalServerPort
    int port;

    @BeforeEach
    void seedWithSecrets() {
        fixtures.reset();
        for (String file : List.of("seed-data/taxonomy.json", "seed-data/stor-a-file.json", "tlp/secret-facts.json")) {
            importAs(TestKeys.ADMIN, "native", resource(file), 200);
        }
        importAs(TestKeys.ADMIN, "native", RED_LINKS.getBytes(StandardCharsets.UTF_8), 200);
        assertThat(graphQl(TestKeys.ADMIN, """
                mutation { saveAttribution(input: {incident: "stor-a-file-2021", actor: "fin11", tlp: RED}) { errors { field } } }"""))
                .contains("\"errors\":[]");
    }

    @Test
    void anAmberEditorCannotChangeARedRecordOrLinkThroughAnyMutation() {
        String before = fingerprint();
        Map<String, String> refusals = Map.of(
                "mutation { saveOrganisation(input: {id: \"secret-clinic\", name: \"Renamed\", kind: VENDOR}) { errors { field message } } }",
                "'secret-clinic' cannot be written with this key",
                "mutation { saveDataFlow(input: {client: \"open-practice\", processor: \"stor-a-file\", categories: [\"health\"]}) { errors { field message } } }",
                "'flow:open-practice:stor-a-file' cannot be written with this key",
                "mutation { saveSubProcessing(input: {processor: \"open-archive\", subProcessor: \"stor-a-file\"}) { errors { field message } } }",
                "'subprocessing:open-archive:stor-a-file' cannot be written with this key",
                "mutation { saveIncident(input: {id: \"secret-incident-2022\", name: \"Renamed\", kind: OTHER}) { errors { field message } } }",
                "'secret-incident-2022' cannot be written with this key",
                "mutation { saveAttribution(input: {incident: \"stor-a-file-2021\", actor: \"fin11\", confidence: 1}) { errors { field message } } }",
                "'stor-a-file-2021:attributed_to:fin11' cannot be written with this key",
                "mutation { saveSource(input: {id: \"secret-source-ncsc-briefing\", publisher: \"Renamed\"}) { errors { field message } } }",
                "'secret-source-ncsc-briefing' cannot be written with this key",
                "mutation { saveClaim(input: {id: \"secret-claim-about-open-flow\", subjectId: \"green-flow\", property: \"people\", statement: \"Overwritten\"}) { errors { field message } } }",
                "'secret-claim-about-open-flow' cannot be written with this key");
        refusals.forEach((mutation, message) -> assertThat(graphQl(TestKeys.EDITOR, mutation)).as(mutation)
                .contains("{\"field\":\"id\",\"message\":\"" + message + "\"}"));
        // Nor declassify: the attempt is refused, and audited.
        assertThat(graphQl(TestKeys.EDITOR, """
                mutation editorDeclassifies { declassify(input: {id: "secret-flow-open-practice", tlp: CLEAR}) { tlp } }"""))
                .contains("FORBIDDEN");
        assertThat(fingerprint()).isEqualTo(before);
        assertThat(auditLog()).contains("mutation editorDeclassifies [declassify]");
    }

    @Test
    void anAmberEditorCannotChangeARedRecordOrLinkThroughAnyImportFormat() {
        String before = fingerprint();
        String nativeReport = importAs(TestKeys.EDITOR, "native", """
                {"softwareUse": [{"organisation": "open-archive", "software": "solarwinds-serv-u"}],
                 "exploits": [{"actor": "ta505", "vulnerability": "CVE-2023-34362"}],
                 "actorRelations": [{"from": "fin11", "to": "clop", "type": "USES"}],
                 "threatActors": [{"id": "secret-affiliate", "name": "Secret Affiliate", "type": "THREAT_ACTOR"}]}"""
                .getBytes(StandardCharsets.UTF_8), 422);
        assertThat(nativeReport).contains("'runs:open-archive:solarwinds-serv-u' cannot be written with this key")
                .contains("'exploits:ta505:CVE-2023-34362' cannot be written with this key")
                .contains("'uses:fin11:clop' cannot be written with this key")
                .contains("'secret-affiliate' cannot be written with this key")
                .doesNotContain("clearance").doesNotContain("secret-archive-runs").doesNotContain("red-fin11");
        String inventory = importAs(TestKeys.EDITOR, "inventory", (INVENTORY_HEADER
                + "organisation,secret-clinic,Renamed,VENDOR,,,,,,,,,,\n"
                + "flow,,,,,,open-practice,stor-a-file,health,1,,,,\n"
                + "subprocessing,,,,,,open-archive,stor-a-file,*,,,,,\n"
                + "software,,,,,,open-archive,solarwinds-serv-u,,,,,,\n"
                + "organisation,amber-vendor,Amber vendor,VENDOR,,,,,,,,,,RED\n").getBytes(StandardCharsets.UTF_8), 422);
        assertThat(inventory).contains("{\"line\":2,\"reason\":\"id: 'secret-clinic' cannot be written with this key\"}")
                .contains("{\"line\":3,\"reason\":\"id: 'flow:open-practice:stor-a-file' cannot be written with this key\"}")
                .contains("{\"line\":4,\"reason\":\"id: 'subprocessing:open-archive:stor-a-file' cannot be written with this key\"}")
                .contains("{\"line\":5,\"reason\":\"id: 'runs:open-archive:solarwinds-serv-u' cannot be written with this key\"}")
                .contains("{\"line\":6,\"reason\":\"tlp: this key is cleared to AMBER: it cannot mark a record RED\"}");
        assertThat(importAs(TestKeys.EDITOR, "ods-gp-practices", ODS_LINE.getBytes(StandardCharsets.UTF_8), 422))
                .contains("'ods-g83001' cannot be written with this key");
        String stix = importAs(TestKeys.EDITOR, "stix", """
                {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
                  {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--b27dcdee-14b1-5842-86b3-32eacec94584",
                   "name": "Secret Affiliate"}]}""".getBytes(StandardCharsets.UTF_8), 422);
        // The new actor's id comes from the bundle and the visible graph only: no suffix betrays the hidden namesake.
        assertThat(stix).contains("'secret-affiliate' cannot be written with this key").doesNotContain("secret-affiliate-");
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void referencesToHiddenRecordsAreAnsweredExactlyLikeReferencesToMissingOnes() {
        String before = fingerprint();
        // Each pair: the same write naming a hidden id, then a missing one; the answers must be equal byte for byte.
        List<List<String>> pairs = List.of(
                List.of("secret-clinic", "mutation { saveDataFlow(input: {client: \"%s\", processor: \"stor-a-file\", categories: [\"health\"]}) { dataFlow { id } errors { field message } } }"),
                List.of("secret-affiliate", "mutation { saveAttribution(input: {incident: \"stor-a-file-2021\", actor: \"%s\"}) { attribution { id } errors { field message } } }"),
                List.of("secret-incident-2022", "mutation { saveAttribution(input: {incident: \"%s\", actor: \"clop\"}) { attribution { id } errors { field message } } }"),
                List.of("secret-source-ncsc-briefing", "mutation { saveDataFlow(input: {client: \"open-practice\", processor: \"open-archive\", categories: [\"health\"], sourceIds: [\"%s\"]}) { dataFlow { id } errors { field message } } }"),
                List.of("secret-flow-open-practice", "mutation { saveClaim(input: {id: \"probe\", subjectId: \"%s\", property: \"exists\", statement: \"No\", stance: DISPUTES}) { claim { id } errors { field message } } }"));
        for (List<String> pair : pairs) {
            String hidden = graphQl(TestKeys.EDITOR, pair.get(1).formatted(pair.get(0)));
            String missing = graphQl(TestKeys.EDITOR, pair.get(1).formatted("no-such-record"));
            assertThat(hidden).as(pair.get(1)).isEqualTo(missing.replace("no-such-record", pair.get(0)));
        }
        // Imports, whole reports: a claim disputing a hidden flow, a hidden source, a hidden organisation.
        String document = """
                {"claims": [{"id": "probe", "subject": "%1$s", "property": "exists", "statement": "No", "stance": "DISPUTES"}],
                 "dataFlows": [{"client": "open-practice", "processor": "open-archive", "categories": ["health"], "sourceIds": ["%2$s"]},
                               {"client": "%3$s", "processor": "open-archive", "categories": ["health"]}]}""";
        String hiddenReport = importAs(TestKeys.EDITOR, "native", document.formatted("secret-flow-open-practice",
                "secret-source-ncsc-briefing", "secret-clinic").getBytes(StandardCharsets.UTF_8), 422);
        String missingReport = importAs(TestKeys.EDITOR, "native", document.formatted("no-flow", "no-source", "no-clinic")
                .getBytes(StandardCharsets.UTF_8), 422);
        assertThat(hiddenReport).isEqualTo(missingReport.replace("no-flow", "secret-flow-open-practice")
                .replace("no-source", "secret-source-ncsc-briefing").replace("no-clinic", "secret-clinic"));
        String inventory = INVENTORY_HEADER + "flow,,,,,,%s,open-archive,health,1,,,,\n";
        assertThat(importAs(TestKeys.EDITOR, "inventory", inventory.formatted("secret-clinic").getBytes(StandardCharsets.UTF_8), 422))
                .isEqualTo(importAs(TestKeys.EDITOR, "inventory", inventory.formatted("no-clinic").getBytes(StandardCharsets.UTF_8), 422)
                        .replace("no-clinic", "secret-clinic"));
        // Nothing was written, and the hidden flow was not marked disputed.
        assertThat(fingerprint()).isEqualTo(before);
        assertThat(count("MATCH ()-[f:ENTRUSTS {id: 'secret-flow-open-practice'}]->() WHERE f.disputed RETURN count(f)")).isZero();
    }

    @Test
    void noWriteLowersAMarkingNotEvenByAFullyClearedKey() {
        // An unmarked ATT&CK refresh onto a RED link and a RED actor.
        neo4j.query("MATCH ()-[r:USES {id: 'ta505-uses-clop'}]->() SET r.tlp = 'RED'").run();
        neo4j.query("MATCH (a:ThreatActor {id: 'clop'}) SET a.tlp = 'RED'").run();
        importAs(TestKeys.ADMIN, "stix", resource("data/attack/clop_ta505_fin11_bundle_stix21.json"), 200);
        assertThat(count("MATCH ()-[r:USES {id: 'ta505-uses-clop'}]->() WHERE r.tlp = 'RED' RETURN count(r)")).isEqualTo(1);
        assertThat(count("MATCH (a:ThreatActor {id: 'clop'}) WHERE a.tlp = 'RED' RETURN count(a)")).isEqualTo(1);
        // Unmarked re-saves of RED records and links, by mutation and by every format.
        graphQl(TestKeys.ADMIN, "mutation { saveAttribution(input: {incident: \"stor-a-file-2021\", actor: \"fin11\", confidence: 10}) { errors { field } } }");
        importAs(TestKeys.ADMIN, "native", """
                {"softwareUse": [{"id": "secret-archive-runs-serv-u", "organisation": "open-archive", "software": "solarwinds-serv-u"}],
                 "exploits": [{"id": "secret-clop-exploits-moveit-again", "actor": "ta505", "vulnerability": "CVE-2023-34362"}]}"""
                .getBytes(StandardCharsets.UTF_8), 200);
        importAs(TestKeys.ADMIN, "inventory", (INVENTORY_HEADER
                + "organisation,secret-clinic,Secret Fertility Clinic,PRIVATE_CLINIC,,,,,,,,,,\n"
                + "flow,secret-flow-open-practice,,,,,open-practice,stor-a-file,mental-health,700,,,,\n").getBytes(StandardCharsets.UTF_8), 200);
        importAs(TestKeys.ADMIN, "ods-gp-practices", ODS_LINE.getBytes(StandardCharsets.UTF_8), 200);
        assertThat(count("""
                MATCH (:Incident {id: 'stor-a-file-2021'})-[r:ATTRIBUTED_TO]->(:ThreatActor {id: 'fin11'})
                WHERE r.tlp = 'RED' AND r.confidence = 10 RETURN count(r)""")).isEqualTo(1);
        for (String id : List.of("secret-archive-runs-serv-u", "secret-clop-exploits-moveit-again", "secret-flow-open-practice")) {
            assertThat(count("MATCH ()-[r]->() WHERE r.id = $id AND r.tlp = 'RED' RETURN count(r)", id)).as(id).isEqualTo(1);
        }
        for (String id : List.of("secret-clinic", "ods-g83001")) {
            assertThat(count("MATCH (o:Organisation {id: $id}) WHERE o.tlp = 'RED' RETURN count(o)", id)).as(id).isEqualTo(1);
        }
        // A GREEN reader still does not see the attribution.
        assertThat(graphQl(TestKeys.GREEN_READER, "{ incident(id: \"stor-a-file-2021\") { attributions { actor { id } } } }"))
                .doesNotContain("fin11");
    }

    @Test
    void anImportWideDefaultMarksEveryRowAndARowsStricterMarkingWins() {
        importAs(TestKeys.EDITOR, "inventory?tlp=GREEN", (INVENTORY_HEADER
                + "organisation,green-one,Green one,VENDOR,,,,,,,,,,\n"
                + "organisation,amber-one,Amber one,VENDOR,,,,,,,,,,AMBER\n"
                + "flow,,,,,,green-one,amber-one,health,5,,,,CLEAR\n").getBytes(StandardCharsets.UTF_8), 200);
        assertThat(count("MATCH (o:Organisation {id: 'green-one', tlp: 'GREEN'}) RETURN count(o)")).isEqualTo(1);
        assertThat(count("MATCH (o:Organisation {id: 'amber-one', tlp: 'AMBER'}) RETURN count(o)")).isEqualTo(1);
        assertThat(count("MATCH (:Organisation {id: 'green-one'})-[f:ENTRUSTS {tlp: 'GREEN'}]->(:Organisation {id: 'amber-one'}) RETURN count(f)")).isEqualTo(1);
        importAs(TestKeys.EDITOR, "native?tlp=GREEN", """
                {"organisations": [{"id": "green-two", "name": "Green two", "kind": "VENDOR"}]}""".getBytes(StandardCharsets.UTF_8), 200);
        assertThat(count("MATCH (o:Organisation {id: 'green-two', tlp: 'GREEN'}) RETURN count(o)")).isEqualTo(1);
        // A default above the key's clearance is refused as a whole.
        assertThat(importAs(TestKeys.EDITOR, "native?tlp=RED", "{}".getBytes(StandardCharsets.UTF_8), 422))
                .contains("\"object\":\"tlp\"").contains("cannot mark a record RED");
    }

    @Test
    void onlyAnAdminDeclassifiesAndTheDeclassificationIsAudited() {
        assertThat(graphQl(TestKeys.ADMIN, """
                mutation lowerTheFlow { declassify(input: {id: "secret-flow-open-practice", tlp: GREEN}) { id kind previousTlp tlp } }"""))
                .contains("{\"id\":\"secret-flow-open-practice\",\"kind\":\"ENTRUSTS\",\"previousTlp\":\"RED\",\"tlp\":\"GREEN\"}");
        assertThat(count("MATCH ()-[f:ENTRUSTS {id: 'secret-flow-open-practice', tlp: 'GREEN'}]->() RETURN count(f)")).isEqualTo(1);
        assertThat(graphQl(TestKeys.ADMIN, "mutation { declassify(input: {id: \"secret-clinic\", tlp: CLEAR}) { kind tlp } }"))
                .contains("{\"kind\":\"Organisation\",\"tlp\":\"CLEAR\"}");
        assertThat(count("MATCH (o:Organisation {id: 'secret-clinic'}) WHERE o.tlp IS NULL RETURN count(o)")).isEqualTo(1);
        assertThat(graphQl(TestKeys.ADMIN, "mutation { declassify(input: {id: \"no-such-fact\", tlp: CLEAR}) { tlp } }"))
                .contains("NOT_FOUND");
        assertThat(auditLog()).contains("mutation lowerTheFlow [declassify]");
    }

    private String graphQl(String key, String document) {
        return TestClients.withKey(port, "", key).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", document)).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String importAs(String key, String formatAndQuery, byte[] body, int status) {
        return TestClients.withKey(port, "", key).post().uri("/api/imports/" + formatAndQuery)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(body).exchange().expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String auditLog() {
        return graphQl(TestKeys.ADMIN, "{ auditLog(first: 100) { edges { node { operation outcome } } } }");
    }

    private long count(String cypher) {
        return neo4j.query(cypher).fetchAs(Long.class).one().orElseThrow();
    }

    private long count(String cypher, String id) {
        return neo4j.query(cypher).bind(id).to("id").fetchAs(Long.class).one().orElseThrow();
    }

    /** Every data node and relationship with its properties (not the audit log), sorted. */
    private String fingerprint() {
        return GraphFixtures.fingerprint(neo4j);
    }

    private static byte[] resource(String path) {
        try {
            return new ClassPathResource(path).getContentAsByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
