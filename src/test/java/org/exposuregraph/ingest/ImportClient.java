package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Posts files to the import endpoint over real HTTP and reads counts back from the graph. */
final class ImportClient {

    private final WebTestClient http;
    private final Neo4jClient neo4j;

    ImportClient(WebTestClient http, Neo4jClient neo4j) {
        this.http = http.mutate().responseTimeout(java.time.Duration.ofMinutes(5)).build();
        this.neo4j = neo4j;
    }

    static byte[] resource(String path) {
        try {
            return new ClassPathResource(path).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ImportReport post(String format, byte[] body, int expectedStatus) {
        return http.post().uri("/api/imports/{format}", format)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(expectedStatus)
                .expectBody(ImportReport.class)
                .returnResult().getResponseBody();
    }

    ImportReport importOk(String format, byte[] body) {
        return post(format, body, 200);
    }

    ImportReport importRejected(String format, byte[] body) {
        return post(format, body, 422);
    }

    void seed() {
        importOk("native", resource("seed-data/taxonomy.json"));
        importOk("native", resource("seed-data/stor-a-file.json"));
    }

    long count(String cypher, Map<String, Object> parameters) {
        return neo4j.query(cypher).bindAll(parameters).fetchAs(Long.class).one().orElseThrow();
    }

    long count(String cypher) {
        return count(cypher, Map.of());
    }

    /** A fingerprint of the graph's data (not the audit log, not the change record). */
    String fingerprint() {
        return org.exposuregraph.support.GraphFixtures.fingerprint(neo4j);
    }
}
