package org.exposuregraph.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.exposuregraph.support.RecordedSessions;
import org.exposuregraph.support.StandaloneApp;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two application instances over one Neo4j, started as an operator starts them behind a load balancer
 * (docs/deployment.md): same keys, a named database, {@code neo4j://} routing. What one writes the other answers
 * within a second, and repeated reads there come from memory until then; reads run as read transactions; every
 * session goes to the configured database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralInstancesTest {

    private static final String DATABASE = "neo4j";
    /** The class that writes the read audit trail: a write on every read, by design (docs/security.md). */
    private static final String AUDIT_TRAIL = "org.exposuregraph.security.AuditLog";

    private Neo4j server;
    private Path dataDir;
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeAll
    void startTwoInstancesOverOneServer() throws Exception {
        server = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .build();
        dataDir = Files.createTempDirectory("several-instances");
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.neo4j.uri", "neo4j://localhost:" + server.boltURI().getPort());
        settings.put("spring.data.neo4j.database", DATABASE);
        settings.put("exposuregraph.data-dir", dataDir.toString());
        settings.put("exposuregraph.security.api-keys", TestKeys.ADMIN + ":ADMIN:RED");
        settings.put("exposuregraph.cluster.instances", 2);
        first = StandaloneApp.start(settings, RecordedSessions.install(),
                context -> ((GenericApplicationContext) context).registerBean(FailsOnceTransiently.class));
        second = StandaloneApp.start(settings, RecordedSessions.install());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {second, first, server}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        Files.deleteIfExists(dataDir);
    }

    @Test
    void aWriteThroughTheFirstIsVisibleThroughTheSecondWithinASecond() throws InterruptedException {
        String id = "written-through-the-first-" + System.nanoTime();
        graphQl(first).document("mutation { saveOrganisation(input: {id: \"" + id + "\", name: \"Written through the first\","
                        + " kind: VENDOR}) { errors { message } } }")
                .execute().path("saveOrganisation.errors").entityList(Object.class).hasSize(0);
        long committed = System.nanoTime();
        while (!nameOf(second, id).equals("Written through the first")) {
            assertThat((System.nanoTime() - committed) / 1_000_000).as("ms until the second instance answers the write")
                    .isLessThan(1_000);
            Thread.sleep(20);
        }
        // The second follows the change record: its caches stay until a write anywhere, so a repeated read is
        // answered from memory (the read audit trail still writes, by design).
        assertThat(RecordedSessions.of(second).during(() -> nameOf(second, id)).stream()
                .filter(session -> session.answeringARequest() && !session.openedBy().equals(AUDIT_TRAIL)))
                .as("sessions opened by a repeated read on the second instance").isEmpty();
    }

    @Test
    void analysesTheReadModelAnswersOpenNoSessionOnceAnswered() {
        HttpGraphQlTester graphQl = graphQl(second);
        List<String> analyses = List.of(
                "{ vendorExposure(vendorId: \"stor-a-file\") { totalClients exposedClients { client { name } categories { name } path { name } } } }",
                "{ simulateBreach(vendorIds: [\"stor-a-file\"]) { totalClients totalPeople } }",
                "{ concentrationRisk(first: 5) { organisation { name } dependentClients } }",
                "{ vendorRiskAssessments(first: 5) { totalCount edges { node { score } } } }");
        analyses.forEach(analysis -> graphQl.document(analysis).execute().errors().verify()); // the caches fill
        // Not even an empty read transaction: it would cost two round trips (begin, commit) per request.
        assertThat(RecordedSessions.of(second).during(() -> analyses.forEach(analysis ->
                        graphQl.document(analysis).execute().errors().verify())).stream()
                .filter(session -> session.answeringARequest() && !session.openedBy().equals(AUDIT_TRAIL)))
                .as("sessions opened by repeated analyses on the second instance").isEmpty();
    }

    @Test
    void theSameKeyWorksOnBothAndNoInstanceGeneratedOne() {
        for (ConfigurableApplicationContext instance : List.of(first, second)) {
            assertThat(nameOf(instance, "stor-a-file")).isEqualTo("Stor-a-File Ltd");
            http(instance).post().uri("/graphql").header(TestKeys.HEADER, "not-a-key-of-this-deployment-1")
                    .header("Content-Type", "application/json").bodyValue(Map.of("query", "{ dataCategories { id } }"))
                    .exchange().expectStatus().isUnauthorized();
        }
        assertThat(dataDir.resolve("admin-api-key.sha256")).doesNotExist();
    }

    @Test
    void readsRunAsReadTransactions() {
        WebTestClient exports = TestClients.withKey(port(second), "", TestKeys.ADMIN);
        List<RecordedSessions.Opened> sessions = RecordedSessions.of(second).during(() -> {
            HttpGraphQlTester graphQl = graphQl(second);
            for (String read : List.of(
                    "{ vendorExposure(vendorId: \"stor-a-file\") { totalClients exposedClients { client { name } categories { name } path { name } } } }",
                    "{ organisations(first: 20) { totalCount edges { node { name processors { processor { name } } } } } }",
                    "{ organisation(id: \"lister-fertility-clinic\") { name } }",
                    "{ search(text: \"cl0p\") { id name type } }",
                    "{ supplyChain(clientId: \"lister-fertility-clinic\") { links { organisation { name } hops } } }",
                    "{ concentrationRisk(category: \"health\") { organisation { name } dependentClients } }",
                    "{ incidentImpact(incidentId: \"stor-a-file-2021\") { totalClients notifications { controller { name } } } }",
                    "{ threatActorReach(actorId: \"clop\") { atRiskVendors { name } } }",
                    "{ vendorRiskAssessment(vendorId: \"stor-a-file\") { score } }",
                    "{ incident(id: \"stor-a-file-2021\") { name claims { value } attributions { actor { name } } } }",
                    "{ dataCategories { id parent { id } } }",
                    "{ changes(first: 10) { seq operation } }")) {
                graphQl.document(read).execute().errors().verify();
            }
            for (String export : List.of("/api/exports/native", "/api/exports/stix", "/api/exports/graphml",
                    "/api/exports/exposure.csv?vendorId=stor-a-file")) {
                exports.get().uri(export).exchange().expectStatus().isOk();
            }
        });
        // Background work (the change record's sweeper numbering entries) writes by design, on its own thread.
        List<RecordedSessions.Opened> reads = sessions.stream()
                .filter(s -> s.answeringARequest() && !s.openedBy().equals(AUDIT_TRAIL)).toList();
        assertThat(reads).as("sessions opened while answering reads").isNotEmpty()
                .allSatisfy(session -> assertThat(session.mode()).as(session.toString()).isEqualTo(AccessMode.READ));
    }

    /** A read whose first attempt fails as a leader switch makes it fail; the query itself is real. */
    @Transactional(readOnly = true)
    static class FailsOnceTransiently {
        private final AtomicInteger attempts = new AtomicInteger();
        private final Neo4jClient neo4jClient;

        FailsOnceTransiently(Neo4jClient neo4jClient) {
            this.neo4jClient = neo4jClient;
        }

        public long organisations() {
            long count = neo4jClient.query("MATCH (o:Organisation) RETURN count(o)").fetchAs(Long.class).one().orElseThrow();
            if (attempts.incrementAndGet() == 1) {
                throw new SessionExpiredException("the leader switched (simulated)");
            }
            return count;
        }

        /** Read through the proxy (a field read on a Spring proxy sees the proxy's own, empty field). */
        int attempts() {
            return attempts.get();
        }
    }

    @Test
    void aReadFailingTransientlyIsRunAgainInAFreshReadTransaction() {
        FailsOnceTransiently read = first.getBean(FailsOnceTransiently.class);
        List<RecordedSessions.Opened> sessions = RecordedSessions.of(first).during(() ->
                assertThat(read.organisations()).isGreaterThanOrEqualTo(13));
        assertThat(read.attempts()).isEqualTo(2);
        assertThat(sessions.stream().filter(s -> s.thread().equals(Thread.currentThread().getName())))
                .as("one READ session per attempt").hasSize(2)
                .allSatisfy(session -> assertThat(session.mode()).isEqualTo(AccessMode.READ));
    }

    @Test
    void theServerRefusesWritesInTheReadSessionsReadsUse() {
        try (var session = first.getBean(GraphSessions.class).openRead()) {
            assertThatThrownBy(() -> session.run("CREATE (:WrittenInAReadSession)").consume())
                    .isInstanceOf(ClientException.class)
                    .satisfies(e -> assertThat(((ClientException) e).code()).isEqualTo("Neo.ClientError.Statement.AccessMode"));
        }
    }

    @Test
    void everySessionGoesToTheConfiguredDatabase() {
        for (ConfigurableApplicationContext instance : List.of(first, second)) {
            assertThat(instance.getBean(GraphSessions.class).databaseName()).isEqualTo(DATABASE);
            // Since start: migrations, seed, change record, reads, writes, exports.
            assertThat(RecordedSessions.of(instance).all()).isNotEmpty()
                    .allSatisfy(session -> assertThat(session.database()).as(session.toString()).isEqualTo(DATABASE));
        }
    }

    /** The organisation's name as this instance answers it; empty while it knows no such organisation. */
    @SuppressWarnings("unchecked")
    private static String nameOf(ConfigurableApplicationContext instance, String id) {
        Map<String, Object> body = TestClients.withKey(port(instance), "/graphql", TestKeys.ADMIN).post()
                .header("Content-Type", "application/json")
                .bodyValue(Map.of("query", "query($id: ID!) { organisation(id: $id) { name } }", "variables", Map.of("id", id)))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body).doesNotContainKey("errors");
        Map<String, Object> organisation = (Map<String, Object>) ((Map<String, Object>) body.get("data")).get("organisation");
        return organisation == null ? "" : (String) organisation.get("name");
    }

    private static int port(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    }

    private static HttpGraphQlTester graphQl(ConfigurableApplicationContext instance) {
        return StandaloneApp.graphQl(instance, TestKeys.ADMIN);
    }

    private static WebTestClient http(ConfigurableApplicationContext instance) {
        return TestClients.anonymous(port(instance));
    }
}
