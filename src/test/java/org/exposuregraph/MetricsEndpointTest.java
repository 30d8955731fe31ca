package org.exposuregraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** {@code /actuator/prometheus}: ADMIN only, with GraphQL timings per operation, import counters and cache hits. */
@SeededGraphTest
class MetricsEndpointTest {

    @LocalServerPort
    int port;

    @Test
    void needsAnAdminKey() {
        TestClients.anonymous(port).get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        TestClients.withKey(port, "", TestKeys.READER).get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden();
        TestClients.withKey(port, "", TestKeys.EDITOR).get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden();
    }

    /** The whole scrape: after the shared application has served many tests it is larger than a client's default buffer. */
    private String prometheus() {
        return TestClients.withKey(port, "", TestKeys.ADMIN).mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void showsGraphQlTimingsPerOperationImportRejectionsAndCacheHits() {
        HttpGraphQlTester graphQl = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.READER));
        for (int i = 0; i < 2; i++) { // the second answer comes from the cache
            graphQl.document("query BreachWatch { vendorExposure(vendorId: \"stor-a-file\") { totalClients } }")
                    .execute().path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(7);
        }
        // A rejected import writes nothing (docs/import-formats.md), so the shared seeded graph stays as it is.
        TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/api/imports/inventory")
                .bodyValue("not,an,inventory\n".getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isEqualTo(422);

        String metrics = prometheus();

        assertThat(value(metrics, "graphql_request_seconds_count", "graphql_operation_name=\"BreachWatch\""))
                .as("GraphQL timings of the named operation").isGreaterThanOrEqualTo(2);
        assertThat(metrics).contains("graphql_request_seconds_bucket{").contains("graphql_datafetcher_seconds_count{")
                .contains("field_name=\"vendorExposure\"");
        assertThat(value(metrics, "exposuregraph_import_rows_total", "format=\"inventory\",outcome=\"rejected\""))
                .as("rows rejected by imports").isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "exposuregraph_import_total", "format=\"inventory\",result=\"rejected\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "exposuregraph_cache_requests_total", "cache=\"ExposureService\",result=\"hit\""))
                .as("answers served from the exposure cache").isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "exposuregraph_graph_version", "")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void showsTheDatabaseConnectionPool() {
        HttpGraphQlTester graphQl = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.READER));
        graphQl.document("{ organisation(id: \"stor-a-file\") { id } }").execute().path("organisation.id").hasValue();

        String metrics = prometheus();

        // The embedded database is reached through the driver over its own Bolt port, so its pool is the driver's.
        assertThat(value(metrics, "db_client_connection_max", "db_system_name=\"neo4j\"")).as("pool size").isPositive();
        assertThat(value(metrics, "db_client_connection_count", "state=\"idle\"") + value(metrics,
                "db_client_connection_count", "state=\"used\"")).as("connections open").isPositive();
        assertThat(value(metrics, "db_client_connection_pending_requests", "")).isGreaterThanOrEqualTo(0);
        assertThat(value(metrics, "db_client_connection_timeouts_total", "")).isZero();
        assertThat(value(metrics, "db_client_connection_wait_time_seconds_count", "")).as("acquisitions timed")
                .isPositive();
        assertThat(value(metrics, "db_client_connection_use_time_seconds_count", "")).isPositive();
        assertThat(metrics).as("per-query driver observations are switched off")
                .doesNotContain("neo4j_db_client_result_next").doesNotContain("neo4j_db_client_session_run");
    }

    /** The value of the first sample of this metric whose labels contain {@code labels}. */
    private static double value(String exposition, String metric, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + metric + "(\\{[^}]*})? (\\S+)$").matcher(exposition);
        while (sample.find()) {
            if (sample.group(1) == null ? labels.isEmpty() : sample.group(1).contains(labels)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no sample of " + metric + " with " + labels + " in:\n" + exposition.lines()
                .filter(l -> l.startsWith(metric.replaceAll("_(total|count)$", ""))).toList());
    }
}
