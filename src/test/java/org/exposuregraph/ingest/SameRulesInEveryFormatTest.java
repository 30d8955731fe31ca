package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.exposuregraph.graph.WriteRules;
import org.exposuregraph.graph.WriteRules.Link;
import org.exposuregraph.graph.WriteRules.Text;
import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import tools.jackson.databind.json.JsonMapper;

/**
 * One table of bad inputs, each written in every format where the concept exists (native JSON, inventory CSV,
 * the GraphQL mutations, ODS, STIX): each must be refused with the same reason text from {@link WriteRules}, and
 * nothing written.
 */
@EmptyGraphTest
class SameRulesInEveryFormatTest extends ImportTestSupport {

    static final String HEADER = String.join(",", InventoryImporter.HEADER);
    static final String LONG_NAME = "N".repeat(10_000);
    static final String BELL_NAME = "Acme\u0007 Health";

    @Autowired
    HttpGraphQlTester tester;
    GraphQlTester graphQl;

    /** One way of writing a bad input: the format, the body or mutation input, where and what is expected. */
    record Attempt(String format, Object input, String where, String reason) {
        @Override
        public String toString() {
            return format;
        }
    }

    /** One rule broken, in every format where it can be said. */
    record Case(String rule, List<Attempt> attempts) {
        @Override
        public String toString() {
            return rule;
        }
    }

    @BeforeEach
    void taxonomyAndTwoOrganisations() {
        imports.importOk("native", ImportClient.resource("seed-data/taxonomy.json"));
        imports.importOk("native", """
                {"organisations": [{"id": "acme", "name": "Acme Health", "kind": "PRIVATE_CLINIC"},
                                   {"id": "docstore", "name": "DocStore", "kind": "VENDOR", "domain": "docstore.example"}]}""".getBytes(StandardCharsets.UTF_8));
        graphQl = tester.mutate().responseTimeout(java.time.Duration.ofMinutes(1)).build();
    }

    static Stream<Case> badInputs() {
        String noFlowCategories = WriteRules.NO_FLOW_CATEGORIES;
        String noSubCategories = WriteRules.NO_SUB_PROCESSING_CATEGORIES;
        String longName = WriteRules.text(Text.NAME, LONG_NAME);
        String bellName = WriteRules.text(Text.NAME, BELL_NAME);
        return Stream.of(
                new Case("empty category list on a data flow", List.of(
                        nativeDoc("{\"dataFlows\": [{\"client\": \"acme\", \"processor\": \"docstore\", \"categories\": []}]}",
                                "dataFlows[0].categories", noFlowCategories),
                        inventory("flow,,,,,,acme,docstore,,,,,", 2, "categories: " + noFlowCategories),
                        inventory("flow,,,,,,acme,docstore,;,,,,", 2, "categories: " + noFlowCategories),
                        mutation("saveDataFlow", Map.of("client", "acme", "processor", "docstore", "categories", List.of()),
                                "categories", noFlowCategories))),
                new Case("sub-processing without categories nor *", List.of(
                        nativeDoc("{\"subProcessing\": [{\"processor\": \"acme\", \"subProcessor\": \"docstore\", \"categories\": []}]}",
                                "subProcessing[0].categories", noSubCategories),
                        inventory("subprocessing,,,,,,acme,docstore,,,,,", 2, "categories: " + noSubCategories),
                        inventory("subprocessing,,,,,,acme,docstore,;,,,,", 2, "categories: " + noSubCategories),
                        mutation("saveSubProcessing", Map.of("processor", "acme", "subProcessor", "docstore", "categories", List.of()),
                                "categories", noSubCategories))),
                new Case("* on a data flow", List.of(
                        nativeDoc("{\"dataFlows\": [{\"client\": \"acme\", \"processor\": \"docstore\", \"categories\": [\"*\"]}]}",
                                "dataFlows[0].categories", WriteRules.ALL_CATEGORIES_ON_FLOW),
                        inventory("flow,,,,,,acme,docstore,*,,,,", 2, "categories: " + WriteRules.ALL_CATEGORIES_ON_FLOW),
                        mutation("saveDataFlow", Map.of("client", "acme", "processor", "docstore", "categories", List.of("*")),
                                "categories", WriteRules.ALL_CATEGORIES_ON_FLOW))),
                new Case("the same client-processor pair twice", List.of(
                        nativeDoc("""
                                {"dataFlows": [{"client": "acme", "processor": "docstore", "categories": ["health"]},
                                               {"client": "acme", "processor": "docstore", "categories": ["financial"]}]}""",
                                "dataFlows[1]", WriteRules.repeated(Link.DATA_FLOW.between("acme", "docstore"), "dataFlows[0]", "dataFlows[1]")),
                        inventory("flow,,,,,,acme,docstore,health,,,,\nflow,,,,,,acme,docstore,financial,,,,", 3,
                                WriteRules.repeated(Link.DATA_FLOW.between("acme", "docstore"), "line 2", "line 3")),
                        inventory("subprocessing,,,,,,acme,docstore,*,,,,\nsubprocessing,,,,,,acme,docstore,health,,,,", 3,
                                WriteRules.repeated(Link.SUB_PROCESSING.between("acme", "docstore"), "line 2", "line 3")),
                        new Attempt("stix", stixTwoUses(), "actorRelations[1]",
                                WriteRules.repeated("uses link lace-tempest -> clop", "actorRelations[0]", "actorRelations[1]")))),
                new Case("an organisation defined twice", List.of(
                        nativeDoc("""
                                {"organisations": [{"id": "newco", "name": "NewCo", "kind": "VENDOR"},
                                                   {"id": "newco", "name": "NewCo Ltd", "kind": "VENDOR"}]}""",
                                "organisations[1]", WriteRules.repeated("organisation 'newco'", "organisations[0]", "organisations[1]")),
                        inventory("organisation,newco,NewCo,VENDOR,,,,,,,,,\norganisation,newco,NewCo Ltd,VENDOR,,,,,,,,,", 3,
                                WriteRules.repeated("organisation 'newco'", "line 2", "line 3")),
                        new Attempt("ods-gp-practices", odsLine("G83001", "MANOR BROOK PMS") + "\n" + odsLine("G83001", "MANOR BROOK"),
                                "2", WriteRules.repeated("organisation 'ods-g83001'", "line 1", "line 2")))),
                new Case("a unique value another organisation holds, or given twice", List.of(
                        nativeDoc("{\"organisations\": [{\"id\": \"newco\", \"name\": \"NewCo\", \"kind\": \"VENDOR\", \"domain\": \"docstore.example\"}]}",
                                "organisations[0].domain", WriteRules.taken("domain", "docstore.example")),
                        inventory("organisation,newco,NewCo,VENDOR,docstore.example,,,,,,,,", 2,
                                "domain: " + WriteRules.taken("domain", "docstore.example")),
                        mutation("saveOrganisation", Map.of("id", "newco", "name", "NewCo", "kind", "VENDOR", "domain", "docstore.example"),
                                "domain", WriteRules.taken("domain", "docstore.example")),
                        nativeDoc("""
                                {"organisations": [{"id": "a1", "name": "A1", "kind": "VENDOR", "companyNumber": "0123"},
                                                   {"id": "a2", "name": "A2", "kind": "VENDOR", "companyNumber": "0123"}]}""",
                                "organisations[1].companyNumber", WriteRules.repeated("companyNumber '0123'",
                                        "organisations[0].companyNumber", "organisations[1].companyNumber")),
                        inventory("organisation,a1,A1,VENDOR,,0123,,,,,,,\norganisation,a2,A2,VENDOR,,0123,,,,,,,", 3,
                                WriteRules.repeated("companyNumber '0123'", "line 2", "line 3")))),
                new Case("a data flow to itself", List.of(
                        nativeDoc("{\"dataFlows\": [{\"client\": \"acme\", \"processor\": \"acme\", \"categories\": [\"health\"]}]}",
                                "dataFlows[0].processor", WriteRules.SELF_FLOW),
                        inventory("flow,,,,,,acme,acme,health,,,,", 2, "to: " + WriteRules.SELF_FLOW),
                        mutation("saveDataFlow", Map.of("client", "acme", "processor", "acme", "categories", List.of("health")),
                                "processor", WriteRules.SELF_FLOW))),
                new Case("sub-processing to itself", List.of(
                        nativeDoc("{\"subProcessing\": [{\"processor\": \"docstore\", \"subProcessor\": \"docstore\"}]}",
                                "subProcessing[0].subProcessor", WriteRules.SELF_SUB_PROCESSING),
                        inventory("subprocessing,,,,,,docstore,docstore,*,,,,", 2, "to: " + WriteRules.SELF_SUB_PROCESSING),
                        mutation("saveSubProcessing", Map.of("processor", "docstore", "subProcessor", "docstore"),
                                "subProcessor", WriteRules.SELF_SUB_PROCESSING))),
                new Case("an over-long name", List.of(
                        nativeDoc("{\"organisations\": [{\"id\": \"newco\", \"name\": \"" + LONG_NAME + "\", \"kind\": \"VENDOR\"}]}",
                                "organisations[0].name", longName),
                        inventory("organisation,newco," + LONG_NAME + ",VENDOR,,,,,,,,,", 2, "name: " + longName),
                        mutation("saveOrganisation", Map.of("id", "newco", "name", LONG_NAME, "kind", "VENDOR"), "name", longName),
                        new Attempt("ods-gp-practices", odsLine("G83009", LONG_NAME), "1", "column 2: " + longName),
                        new Attempt("stix", stixActor(LONG_NAME, "Lace"), "threatActors[0].name", longName))),
                new Case("a javascript: source URL", List.of(
                        nativeDoc("{\"sources\": [{\"id\": \"src-x\", \"publisher\": \"X\", \"url\": \"javascript:alert(document.domain)\"}]}",
                                "sources[0].url", WriteRules.NOT_A_WEB_URL),
                        mutation("saveSource", Map.of("id", "src-x", "publisher", "X", "url", "javascript:alert(document.domain)"),
                                "url", WriteRules.NOT_A_WEB_URL))),
                new Case("a control character in a name", List.of(
                        nativeDoc("{\"organisations\": [{\"id\": \"newco\", \"name\": \"Acme\\u0007 Health\", \"kind\": \"VENDOR\"}]}",
                                "organisations[0].name", bellName),
                        inventory("organisation,newco," + BELL_NAME + ",VENDOR,,,,,,,,,", 2, "name: " + bellName),
                        mutation("saveOrganisation", Map.of("id", "newco", "name", BELL_NAME, "kind", "VENDOR"), "name", bellName),
                        new Attempt("ods-gp-practices", odsLine("G83009", BELL_NAME), "1", "column 2: " + bellName),
                        new Attempt("stix", stixActor(BELL_NAME, "Lace"), "threatActors[0].name", bellName))),
                new Case("a fact that ends before it starts", List.of(
                        nativeDoc("""
                                {"dataFlows": [{"client": "acme", "processor": "docstore", "categories": ["health"],
                                                "since": "2021-01-01", "until": "2020-06-30"}]}""",
                                "dataFlows[0].until", WriteRules.ENDS_BEFORE_START),
                        inventory("flow,,,,,,acme,docstore,health,,,,2021-01-01,,2020-06-30", 2, "until: " + WriteRules.ENDS_BEFORE_START),
                        inventory("subprocessing,,,,,,acme,docstore,*,,,,2021-01-01,,2020-06-30,", 2, "until: " + WriteRules.ENDS_BEFORE_START),
                        inventory("software,,Serv-U,,,,acme,serv-u,,,,,2021-01-01,,2020-06-30,", 2, "until: " + WriteRules.ENDS_BEFORE_START),
                        mutation("saveDataFlow", Map.of("client", "acme", "processor", "docstore", "categories", List.of("health"),
                                "since", "2021-01-01", "until", "2020-06-30"), "until", WriteRules.ENDS_BEFORE_START),
                        new Attempt("stix", stixFlow("2021-01-01T00:00:00Z", "2020-06-30T00:00:00Z", null), "dataFlows[0].until",
                                WriteRules.ENDS_BEFORE_START))),
                new Case("an end reason without an end date", List.of(
                        nativeDoc("""
                                {"dataFlows": [{"client": "acme", "processor": "docstore", "categories": ["health"],
                                                "endReason": "contract ended"}]}""",
                                "dataFlows[0].endReason", WriteRules.REASON_WITHOUT_END),
                        inventory("flow,,,,,,acme,docstore,health,,,,,,,contract ended", 2, "endReason: " + WriteRules.REASON_WITHOUT_END),
                        new Attempt("stix", stixFlow("2021-01-01T00:00:00Z", null, "contract ended"), "dataFlows[0].endReason",
                                WriteRules.REASON_WITHOUT_END))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void everyFormatRefusesWithTheSameReasonAndWritesNothing(Case badInput) {
        String before = imports.fingerprint();
        for (Attempt attempt : badInput.attempts()) {
            if (attempt.format().startsWith("mutation:")) {
                String mutation = attempt.format().substring("mutation:".length());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> errors = graphQl.documentName(mutation).variable("input", attempt.input()).execute()
                        .path(mutation + ".errors").entity(List.class).get();
                assertThat(errors).as(badInput + " as " + mutation)
                        .contains(Map.of("field", attempt.where(), "message", attempt.reason()));
            } else {
                ImportReport report = imports.importRejected(attempt.format(),
                        ((String) attempt.input()).getBytes(StandardCharsets.UTF_8));
                List<String> found = new ArrayList<>();
                report.rejected().forEach(r -> found.add((r.line() != null ? r.line().toString() : r.object()) + " " + r.reason()));
                assertThat(found).as(badInput + " as " + attempt.format()).contains(attempt.where() + " " + attempt.reason());
            }
            assertThat(imports.fingerprint()).as(badInput + " as " + attempt.format() + ": nothing written").isEqualTo(before);
        }
    }

    @Test
    void aRepeatedCategoryIsStoredAndCountedOnceInEveryFormat() {
        List<String> expected = List.of("health", "identity-contact");
        List<Runnable> writes = List.of(
                () -> imports.importOk("native", """
                        {"dataFlows": [{"client": "acme", "processor": "docstore", "people": 10,
                                        "categories": ["health", "identity-contact", "health"]}]}""".getBytes(StandardCharsets.UTF_8)),
                () -> imports.importOk("inventory", (HEADER + "\nflow,,,,,,acme,docstore,health;identity-contact;health,10,,,\n")
                        .getBytes(StandardCharsets.UTF_8)),
                () -> assertThat(graphQl.documentName("saveDataFlow").variable("input", Map.of("client", "acme",
                                "processor", "docstore", "people", 10, "categories", List.of("health", "identity-contact", "health")))
                        .execute().path("saveDataFlow.errors").entityList(Object.class).get()).isEmpty());
        for (Runnable write : writes) {
            neo4j.query("MATCH ()-[e:ENTRUSTS]->() DELETE e").run();
            write.run();
            assertThat(neo4j.query("MATCH (:Organisation {id: 'acme'})-[e:ENTRUSTS]->(:Organisation {id: 'docstore'}) RETURN e.categories AS c")
                    .fetch().one().orElseThrow().get("c")).isEqualTo(expected);
            GraphQlTester.Response exposure = graphQl.document("""
                    { vendorExposure(vendorId: "docstore") { totalClients exposedClients { categories { id } }
                      categoryStats { category { id } clients people } } }""").execute();
            exposure.path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(1);
            assertThat(exposure.path("vendorExposure.exposedClients[0].categories[*].id").entityList(String.class).get())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(exposure.path("vendorExposure.categoryStats[*].clients").entityList(Integer.class).get())
                    .hasSize(2).containsOnly(1);
            assertThat(exposure.path("vendorExposure.categoryStats[*].people").entityList(Integer.class).get()).containsOnly(10);
        }
    }

    @Test
    void subProcessingPassesEverythingOnWithStarOrAbsentCategories() {
        imports.importOk("inventory", (HEADER + "\nsubprocessing,,,,,,acme,docstore,*,,,Backups,\n").getBytes(StandardCharsets.UTF_8));
        imports.importOk("native", """
                {"subProcessing": [{"processor": "docstore", "subProcessor": "acme", "categories": ["*"]}]}""".getBytes(StandardCharsets.UTF_8));
        assertThat(imports.count("MATCH ()-[s:SUBPROCESSES_TO]->() WHERE s.categories IS NULL RETURN count(s)")).isEqualTo(2);
        // the native export writes them back as absent categories, which re-import unchanged
        byte[] exported = http.get().uri("/api/exports/native").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        ImportReport again = imports.importOk("native", exported);
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isZero();
    }

    @Test
    void anInventoryWithAnOverlongNameAtRow5501IsRefusedThereAndWritesNothing() {
        StringBuilder file = new StringBuilder(HEADER).append('\n');
        for (int i = 2; i <= 6_001; i++) {
            String name = i == 5_501 ? "X".repeat(10_000) : "Organisation " + i;
            file.append("organisation,org-").append(i).append(',').append(name).append(",VENDOR,,,,,,,,,\n");
        }
        String before = imports.fingerprint();
        ImportReport report = imports.importRejected("inventory", file.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(report.rejected()).hasSize(1);
        assertThat(report.rejected().get(0).line()).isEqualTo(5_501L);
        assertThat(report.rejected().get(0).reason()).isEqualTo("name: " + WriteRules.text(Text.NAME, "X".repeat(10_000)))
                .contains("at most 300");
        assertThat(imports.count("MATCH (o:Organisation) WHERE o.id STARTS WITH 'org-' RETURN count(o)")).isZero();
        assertThat(imports.fingerprint()).isEqualTo(before);
    }

    @Test
    void saveOrganisationWithA9000CharacterNameIsAFieldErrorNotAnInternalError() {
        String before = imports.fingerprint();
        GraphQlTester.Response response = graphQl.documentName("saveOrganisation")
                .variable("input", Map.of("id", "newco", "name", "N".repeat(9_000), "kind", "VENDOR")).execute();
        response.errors().verify();
        response.path("saveOrganisation.errors[*].field").entityList(String.class).containsExactly("name");
        response.path("saveOrganisation.errors[0].message").entity(String.class)
                .isEqualTo(WriteRules.text(Text.NAME, "N".repeat(9_000)));
        assertThat(imports.fingerprint()).isEqualTo(before);
    }

    private static Attempt nativeDoc(String body, String where, String reason) {
        return new Attempt("native", body, where, reason);
    }

    private static Attempt inventory(String rows, long line, String reason) {
        return new Attempt("inventory", HEADER + "\n" + rows + "\n", String.valueOf(line), reason);
    }

    private static Attempt mutation(String name, Map<String, Object> input, String field, String reason) {
        return new Attempt("mutation:" + name, input, field, reason);
    }

    /** A line of epraccur.csv (27 columns) with this code and name. */
    private static String odsLine(String code, String name) {
        return code + "," + name + ",Y56,QKK,MANOR BROOK MEDICAL CTR.,117 BROOK LANE,BLACKHEATH,LONDON,,SE3 0EN,19740401,,A,B,72Q,"
                + "20200401,,020 88569720,,,,0,,72Q,,4,";
    }

    private static String stixActor(String name, String alias) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", "intrusion-set");
        actor.put("spec_version", "2.1");
        actor.put("id", "intrusion-set--b27dcdee-14b1-5842-86b3-32eacec94584");
        actor.put("name", name);
        actor.put("aliases", List.of(alias));
        return JsonMapper.builder().build().writeValueAsString(Map.of("type", "bundle",
                "id", "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects", List.of(actor)));
    }

    /** A data flow acme -> docstore as the STIX export writes it, with these times (null: absent) and end reason. */
    private static String stixFlow(String start, String stop, String endReason) {
        String when = (start == null ? "" : ", \"start_time\": \"" + start + "\"")
                + (stop == null ? "" : ", \"stop_time\": \"" + stop + "\"")
                + (endReason == null ? "" : ", \"x_exposuregraph_end_reason\": \"" + endReason + "\"");
        return """
                {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
                  {"type": "identity", "spec_version": "2.1", "id": "identity--0a1b2c3d-0000-5000-8000-000000000001",
                   "name": "Acme Health", "identity_class": "organization", "x_exposuregraph_id": "acme"},
                  {"type": "identity", "spec_version": "2.1", "id": "identity--0a1b2c3d-0000-5000-8000-000000000002",
                   "name": "DocStore", "identity_class": "organization", "x_exposuregraph_id": "docstore"},
                  {"type": "relationship", "spec_version": "2.1", "id": "relationship--2cb30f9a-f120-5582-bb30-1bac7b3124d3",
                   "relationship_type": "related-to", "source_ref": "identity--0a1b2c3d-0000-5000-8000-000000000001",
                   "target_ref": "identity--0a1b2c3d-0000-5000-8000-000000000002",
                   "x_exposuregraph_type": "ENTRUSTS", "x_exposuregraph_categories": ["health"]%s}]}""".formatted(when);
    }

    private static String stixTwoUses() {
        return """
                {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
                  {"type": "malware", "spec_version": "2.1", "id": "malware--cad3ba95-8c89-4146-ab10-08daa813f9de",
                   "name": "Clop", "is_family": true},
                  {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--b27dcdee-14b1-5842-86b3-32eacec94584",
                   "name": "Lace Tempest"},
                  {"type": "relationship", "spec_version": "2.1", "id": "relationship--fcb30f9a-f120-5582-bb30-1bac7b3124d1",
                   "relationship_type": "uses", "source_ref": "intrusion-set--b27dcdee-14b1-5842-86b3-32eacec94584",
                   "target_ref": "malware--cad3ba95-8c89-4146-ab10-08daa813f9de"},
                  {"type": "relationship", "spec_version": "2.1", "id": "relationship--0cb30f9a-f120-5582-bb30-1bac7b3124d2",
                   "relationship_type": "uses", "source_ref": "intrusion-set--b27dcdee-14b1-5842-86b3-32eacec94584",
                   "target_ref": "malware--cad3ba95-8c89-4146-ab10-08daa813f9de"}]}""";
    }
}
