package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every committed write leaves one numbered entry in the change record, read back in order over GraphQL. */
@EmptyGraphTest
class ChangeRecordTest {

    @Autowired
    HttpGraphQlTester tester;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;
    @Autowired
    WebTestClient http;
    @Autowired
    ChangeLog changeLog;
    @LocalServerPort
    int port;

    GraphQlTester graphQl;

    @BeforeEach
    void emptyGraphWithTwoOrganisations() {
        fixtures.reset();
        graphQl = tester.mutate().responseTimeout(java.time.Duration.ofMinutes(1)).build();
        importNative("""
                {"dataCategories": [{"id": "health", "name": "Health", "sensitivity": 5, "specialCategory": true},
                                    {"id": "identity", "name": "Identity", "sensitivity": 2}],
                 "organisations": [{"id": "vendor", "name": "Vendor Ltd", "kind": "VENDOR"},
                                   {"id": "clinic", "name": "Clinic", "kind": "PRIVATE_CLINIC"}]}
                """);
    }

    private void importNative(String json) {
        http.post().uri("/api/imports/native").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(json.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
    }

    private List<Map<String, Object>> changesAfter(long seq) {
        return graphQl.documentName("changes").variable("after", seq).variable("first", 500).execute()
                .path("changes").entityList(Map.class).get().stream().map(m -> {
                    @SuppressWarnings("unchecked") Map<String, Object> entry = (Map<String, Object>) m;
                    return entry;
                }).toList();
    }

    /** How the audit and the change record name a configured key: by a prefix of its hash, never the key. */
    private static String keyName(String key) throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return "key-" + java.util.HexFormat.of().formatHex(hash, 0, 4);
    }

    private long lastSeq() {
        List<Map<String, Object>> all = changesAfter(0);
        return all.isEmpty() ? 0 : ((Number) all.get(all.size() - 1).get("seq")).longValue();
    }

    private GraphQlTester.Response saveFlow(GraphQlTester client, String client_, List<String> categories) {
        return client.documentName("saveDataFlow").variable("input", Map.of("client", client_, "processor", "vendor",
                "categories", categories)).execute();
    }

    @Test
    void anImportIsOneEntryNamingWhatItCreated() throws Exception {
        List<Map<String, Object>> entries = changesAfter(0);
        assertThat(entries).hasSize(1);
        Map<String, Object> entry = entries.get(0);
        assertThat(entry.get("seq")).isEqualTo(1);
        assertThat(entry.get("operation")).isEqualTo("import:native");
        assertThat(entry.get("actor")).isEqualTo(keyName(TestKeys.ADMIN));
        assertThat(entry).extractingByKey("created").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("DataCategory:health", "DataCategory:identity", "Organisation:vendor",
                        "Organisation:clinic");
        assertThat(entry).extractingByKey("organisations").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("vendor", "clinic");
        assertThat(entry.get("tlp")).isEqualTo("CLEAR");
    }

    @Test
    void aMutationIsOneEntryAndAnUnchangedOrRejectedOneIsNone() {
        long before = lastSeq();
        saveFlow(graphQl, "clinic", List.of("health")).path("saveDataFlow.errors").entityList(Object.class).hasSize(0);
        List<Map<String, Object>> entries = changesAfter(before);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0)).containsEntry("operation", "saveDataFlow").containsEntry("seq", (int) before + 1)
                .containsEntry("created", List.of("ENTRUSTS:flow:clinic:vendor"))
                .containsEntry("categories", List.of("health"));

        // The same flow again changes nothing; a flow to a missing vendor is refused: neither is recorded.
        saveFlow(graphQl, "clinic", List.of("health"));
        graphQl.documentName("saveDataFlow").variable("input", Map.of("client", "clinic", "processor", "nowhere",
                "categories", List.of("health"))).execute().path("saveDataFlow.errors[0].field").entity(String.class).isEqualTo("processor");
        assertThat(changesAfter(before)).hasSize(1);

        // A change of categories records both the old and the new ones.
        saveFlow(graphQl, "clinic", List.of("identity"));
        List<Map<String, Object>> after = changesAfter(before + 1);
        assertThat(after).hasSize(1);
        assertThat(after.get(0)).containsEntry("updated", List.of("ENTRUSTS:flow:clinic:vendor"));
        assertThat(after.get(0)).extractingByKey("categories").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("health", "identity");
    }

    @Test
    void anInventoryImportIsOneEntryPerBatchAndTheRecordIsInOrderWithoutGaps() {
        StringBuilder csv = new StringBuilder("type,id,name,kind,domain,companyNumber,from,to,categories,people,records,purpose,since\n");
        // 300 organisations: their batch's entry lists more than ChangeLog.PACK_ABOVE elements, kept compressed.
        for (int i = 0; i < 300; i++) {
            csv.append("organisation,client-").append(i).append(",Client ").append(i).append(",GP_PRACTICE,,,,,,,,,\n");
            csv.append("flow,,,,,,client-").append(i).append(",vendor,health,10,,,\n");
        }
        http.post().uri("/api/imports/inventory").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(csv.toString().getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
        List<Map<String, Object>> entries = changesAfter(1);
        assertThat(entries).allSatisfy(e -> assertThat(e.get("operation")).isEqualTo("import:inventory"));
        List<String> created = entries.stream().flatMap(e -> ((List<?>) e.get("created")).stream()).map(String::valueOf).toList();
        assertThat(created).hasSize(600).doesNotHaveDuplicates().contains("Organisation:client-0", "ENTRUSTS:flow:client-299:vendor");
        // (at least the organisations' batch of 300; the flows go in rounds of smaller batches)
        assertThat(neo4j.query("MATCH (c:Change) WHERE c.packed IS NOT NULL RETURN count(c)").fetchAs(Long.class).one().orElseThrow())
                .isGreaterThanOrEqualTo(1L);
        assertThat(neo4j.query("MATCH (:Organisation)-[f:ENTRUSTS]->() RETURN count(f)").fetchAs(Long.class).one()).contains(300L);

        List<Map<String, Object>> all = changesAfter(0);
        assertThat(all).extracting(e -> ((Number) e.get("seq")).longValue())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, all.size()).mapToObj(Long::valueOf).toList());
    }

    @Test
    void sixConcurrentWritersToOneVendorAllSucceedAndEachWriteIsRecordedOnce() throws Exception {
        StringBuilder organisations = new StringBuilder("{\"organisations\": [");
        for (int i = 0; i < 60; i++) {
            organisations.append(i == 0 ? "" : ",").append("{\"id\": \"gp-").append(i)
                    .append("\", \"name\": \"GP ").append(i).append("\", \"kind\": \"GP_PRACTICE\"}");
        }
        importNative(organisations.append("]}").toString());
        long before = lastSeq();
        GraphQlTester editor = HttpGraphQlTester.create(WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port + "/graphql").defaultHeader(TestKeys.HEADER, TestKeys.EDITOR)
                .responseTimeout(java.time.Duration.ofMinutes(2)).build());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<?>>> answers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String client = "gp-" + i;
                answers.add(pool.submit(() -> {
                    GraphQlTester.Response response = saveFlow(editor, client, List.of("health", "identity"));
                    response.path("saveDataFlow.errors").entityList(Object.class).hasSize(0);
                    return response.path("saveDataFlow.dataFlow.id").entity(String.class).get() == null ? null : List.of(client);
                }));
            }
            for (Future<List<?>> answer : answers) {
                assertThat(answer.get()).isNotNull(); // an INTERNAL_ERROR (a deadlock not retried) fails the request here
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(neo4j.query("MATCH (:Organisation)-[f:ENTRUSTS]->(:Organisation {id: 'vendor'}) RETURN count(f)")
                .fetchAs(Long.class).one()).contains(60L);
        List<Map<String, Object>> entries = changesAfter(before);
        assertThat(entries).hasSize(60).allSatisfy(e -> assertThat(e.get("actor")).isEqualTo(keyName(TestKeys.EDITOR)));
        assertThat(entries.stream().map(e -> ((List<?>) e.get("created")).get(0)).distinct()).hasSize(60);
        assertThat(entries).extracting(e -> ((Number) e.get("seq")).longValue())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 60).mapToObj(i -> before + i).toList());
    }

    @Test
    void onlyAdministratorsReadTheRecord() {
        HttpGraphQlTester.create(WebTestClient.bindToServer().baseUrl("http://localhost:" + port + "/graphql")
                        .defaultHeader(TestKeys.HEADER, TestKeys.EDITOR).build())
                .documentName("changes").execute().errors().satisfy(errors -> assertThat(errors)
                        .singleElement().satisfies(e -> assertThat(e.getErrorType().toString()).isEqualTo("FORBIDDEN")));
    }

    @Test
    void entriesLeftUnnumberedByAKilledProcessAreNumberedLater() {
        long before = lastSeq();
        neo4j.query("CREATE (:Change:Unsequenced {id: 'orphan', at: datetime(), operation: 'import:inventory', actor: 'x', "
                + "created: ['Organisation:vendor'], updated: [], ended: [], removed: [], categories: [], organisations: []})").run();
        assertThat(changeLog.sequence()).isEqualTo(1);
        assertThat(changesAfter(before)).singleElement().satisfies(e -> assertThat(e.get("seq")).isEqualTo((int) before + 1));
    }
}
