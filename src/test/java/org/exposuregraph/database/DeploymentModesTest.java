package org.exposuregraph.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.StandaloneApp;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * The two ways the product runs, each started as a user would start it: the embedded default (data kept
 * in a folder across restarts, seed loaded once) and an external Neo4j reached by URI alone.
 */
class DeploymentModesTest {

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> settings = new java.util.HashMap<>(properties);
        settings.put("exposuregraph.security.api-keys", TestKeys.ADMIN + ":ADMIN:RED");
        return StandaloneApp.start(settings);
    }

    private static HttpGraphQlTester graphQl(ConfigurableApplicationContext context) {
        return StandaloneApp.graphQl(context, TestKeys.ADMIN);
    }

    private static long count(HttpGraphQlTester graphQl) {
        return graphQl.document("{ organisations(first: 0) { totalCount } }").execute()
                .path("organisations.totalCount").entity(Long.class).get();
    }

    private static void answersTheStorAFileQuestion(HttpGraphQlTester graphQl) {
        graphQl.document("{ vendorExposure(vendorId: \"stor-a-file\") { totalClients exposedClients { client { id } } } }")
                .execute()
                .path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(7)
                .path("vendorExposure.exposedClients[*].client.id").entityList(String.class).contains("lister-fertility-clinic");
    }

    /** The numbers of the change record's entries, in order, and the operation of each. */
    private static List<String> changes(HttpGraphQlTester graphQl) {
        return graphQl.document("{ changes(first: 500) { seq operation } }").execute()
                .path("changes[*]").entityList(Map.class).get().stream()
                .map(change -> change.get("seq") + " " + change.get("operation")).toList();
    }

    private static void saveOrganisation(HttpGraphQlTester graphQl, String id) {
        graphQl.document("mutation { saveOrganisation(input: {id: \"" + id + "\", name: \"Added\", kind: VENDOR}) { errors { message } } }")
                .execute().path("saveOrganisation.errors").entityList(Object.class).hasSize(0);
    }

    /** One restart checks all that must survive it: the data, a hand edit, the change record, the seed loaded once. */
    @Test
    void embeddedDataAndChangeRecordSurviveRestartAndTheSeedIsNotLoadedTwice(@TempDir Path dataDir) {
        Map<String, Object> properties = Map.of("exposuregraph.data-dir", dataDir.toString());
        long organisations;
        List<String> before;
        try (var first = start(properties)) {
            assertThat(first.containsBean("embeddedDatabase")).isTrue();
            var graphQl = graphQl(first);
            organisations = count(graphQl);
            assertThat(organisations).isEqualTo(13);
            saveOrganisation(graphQl, "written-before-restart");
            before = changes(graphQl);
            assertThat(before).containsExactly("1 import:native", "2 import:native", "3 saveOrganisation");
            // A hand edit after seeding must survive the restart rather than be overwritten by the seed.
            first.getBean(org.springframework.data.neo4j.core.Neo4jClient.class)
                    .query("CREATE (:Organisation {id: 'added-after-seed', name: 'Added after seed', kind: 'OTHER'})").run();
        }
        assertThat(Files.exists(dataDir.resolve("data/databases/neo4j"))).isTrue();
        try (var second = start(properties)) {
            var graphQl = graphQl(second);
            assertThat(count(graphQl)).isEqualTo(organisations + 2);
            answersTheStorAFileQuestion(graphQl);
            assertThat(changes(graphQl)).isEqualTo(before);
            saveOrganisation(graphQl, "written-after-restart");
            assertThat(changes(graphQl)).endsWith("4 saveOrganisation");
        }
    }

    @Test
    void externalNeo4jByUriAloneStartsNoEmbeddedDatabase(@TempDir Path unusedDataDir) {
        try (Neo4j server = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .build();
             var app = start(Map.of(
                     // The routing scheme a cluster or Aura uses, against a single instance.
                     "spring.neo4j.uri", "neo4j://localhost:" + server.boltURI().getPort(),
                     "exposuregraph.data-dir", unusedDataDir.toString()))) {
            assertThat(app.containsBean("embeddedDatabase")).isFalse();
            assertThat(unusedDataDir).isEmptyDirectory();
            answersTheStorAFileQuestion(graphQl(app));
            // The change record lives in the server too: a second application over it reads the same entries.
            saveOrganisation(graphQl(app), "written-through-the-first");
            List<String> entries = changes(graphQl(app));
            assertThat(entries).containsExactly("1 import:native", "2 import:native", "3 saveOrganisation");
            try (var other = start(Map.of("spring.neo4j.uri", "neo4j://localhost:" + server.boltURI().getPort(),
                    "exposuregraph.data-dir", unusedDataDir.toString()))) {
                assertThat(changes(graphQl(other))).isEqualTo(entries);
                saveOrganisation(graphQl(other), "written-through-the-second");
                assertThat(changes(graphQl(app))).endsWith("4 saveOrganisation");
            }
            // The seed and the schema landed in the external server itself.
            try (var tx = server.defaultDatabaseService().beginTx()) {
                assertThat(tx.execute("MATCH (o:Organisation {id: 'stor-a-file'}) RETURN count(o) AS n").next().get("n")).isEqualTo(1L);
                assertThat(tx.schema().getConstraints()).isNotEmpty();
            }
        }
    }
}
