package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.AlertRequests;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The 269 real Clop leak-site posts (seed-data/leak-sites) imported over HTTP into the Stor-a-File graph:
 * STORAFILE.CO.UK matches Stor-a-File by its domain and becomes a claimed incident breaching it, attributed to
 * Clop; posts matching no organisation are reported as unmatched, not guessed; a watch on Stor-a-File's clients
 * gets a LEAK_SITE alert.
 */
@EmptyGraphTest
@TestPropertySource(properties = {"exposuregraph.alerts.initial-backoff=300ms", "exposuregraph.alerts.max-attempts=3"})
class LeakSiteAlertTest {

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4jClient;
    @LocalServerPort
    int port;

    @Test
    void theRealPostsImportStorAFileMatchesAndAWatchOnItsClientsRaisesAnAlert() throws Exception {
        fixtures.reset();
        importFile("native", "seed-data/taxonomy.json");
        importFile("native", "seed-data/stor-a-file.json");
        // Else a watch created while the engine lags behind the seed's entries also hears of the seed's incident.
        AlertRequests.awaitAlertEngineCaughtUp(neo4jClient);
        String watchId = graphQl.documentName("createWatch").variable("input",
                        Map.of("name", "Stor-a-File's clients", "organisations", List.of("lister-fertility-clinic", "bpas")))
                .execute().path("createWatch.watch.id").entity(String.class).get();

        Map<?, ?> report = importFile("leak-site", "seed-data/leak-sites/clop-ransomware-live.csv");

        assertThat(report.get("rejected")).isEqualTo(List.of());
        assertThat(((Number) report.get("created")).longValue()).as("269 incidents and the listing's source").isGreaterThanOrEqualTo(270);
        List<?> skipped = (List<?>) report.get("skipped");
        assertThat(skipped).isNotEmpty().allSatisfy(s -> assertThat(((Map<?, ?>) s).get("reason").toString())
                .matches("(?s)(unmatched|candidate): .*"));
        assertThat(skipped).noneSatisfy(s -> assertThat(((Map<?, ?>) s).get("reason").toString()).contains("STORAFILE"));
        Map<String, Object> storafile = neo4jClient.query("""
                        MATCH (i:Incident {id: 'leak-site-clop-storafile-co-uk'})
                        RETURN i.confidence AS confidence, i.leakStatus AS status, i.sourceIds AS sources,
                               [(i)-[:BREACHED]->(o) | o.id] AS breached, [(i)-[:ATTRIBUTED_TO]->(a) | a.id] AS actors""")
                .fetch().one().orElseThrow();
        assertThat(storafile).containsEntry("breached", List.of("stor-a-file")).containsEntry("actors", List.of("clop"))
                .containsEntry("status", "THREATENED").containsEntry("sources", List.of("leak-site-clop"));
        assertThat(((Number) storafile.get("confidence")).intValue()).isLessThanOrEqualTo(30);
        assertThat(neo4jClient.query("MATCH (i:Incident) WHERE i.id STARTS WITH 'leak-site-' RETURN count(i)")
                .fetchAs(Long.class).one().orElseThrow()).isEqualTo(269);

        List<Map<String, Object>> alerts = List.of();
        for (int i = 0; i < 150 && alerts.isEmpty(); i++) {
            Thread.sleep(200);
            alerts = AlertRequests.alerts(graphQl, watchId);
        }
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.get("event")).isEqualTo("LEAK_SITE");
            assertThat(alert.get("subjectId")).isEqualTo("leak-site-clop-storafile-co-uk");
            assertThat(alert.get("sourceOrganisations")).isEqualTo(List.of("stor-a-file"));
            assertThat(((List<?>) alert.get("exposed")).stream().map(e -> ((Map<?, ?>) e).get("organisationId")).toList())
                    .isEqualTo(List.of("bpas", "lister-fertility-clinic"));
        });
    }

    private Map<?, ?> importFile(String format, String path) throws Exception {
        // The seed's import can outlast the usual 60 s on a machine shared with other builds.
        return TestClients.withKey(port, "", TestKeys.ADMIN).mutate().responseTimeout(Duration.ofMinutes(5)).build()
                .post().uri("/api/imports/" + format)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(Files.readAllBytes(Path.of(path)))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }
}
