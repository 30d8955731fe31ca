package org.exposuregraph.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The small hardening items: strict UTF-8 and no repeated keys in JSON, a bounded STIX report, no 500 on /error. */
@EmptyGraphTest
class InputStrictnessTest extends ImportTestSupport {

    private static final String DOCUMENT = "{\"organisations\": [{\"id\": \"acme\", \"name\": \"Acme\", \"kind\": \"VENDOR\"}]}";

    private ImportReport refused(String format, byte[] body) {
        ImportReport report = http.post().uri("/api/imports/{format}", format).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(body).exchange().expectStatus().is4xxClientError()
                .expectBody(ImportReport.class).returnResult().getResponseBody();
        assertThat(imports.count("MATCH (o:Organisation) RETURN count(o)")).isZero();
        return report;
    }

    @Test
    void utf16JsonIsRefusedSayingImportsAreUtf8() {
        for (var charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            assertThat(refused("native", DOCUMENT.getBytes(charset)).rejected().get(0).reason()).isEqualTo(StrictUtf8.NOT_UTF8);
            assertThat(refused("stix", "{\"type\": \"bundle\", \"objects\": []}".getBytes(charset)).rejected().get(0).reason())
                    .isEqualTo(StrictUtf8.NOT_UTF8);
        }
        byte[] latin1 = DOCUMENT.replace("Acme", "Acm\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(refused("native", latin1).rejected().get(0).reason()).isEqualTo(StrictUtf8.BAD_BYTES);
    }

    @Test
    void aRepeatedJsonKeyIsRefusedInImportsAndGraphQlBodies() {
        String repeated = "{\"organisations\": [{\"id\": \"acme\", \"name\": \"Acme\", \"name\": \"Evil\", \"kind\": \"VENDOR\"}]}";
        assertThat(refused("native", repeated.getBytes(StandardCharsets.UTF_8)).rejected().get(0).reason()).containsIgnoringCase("duplicate");
        http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\": \"{ __typename }\", \"query\": \"mutation { purge(input: {id: \\\"x\\\"}) { id } }\"}")
                .exchange().expectStatus().is4xxClientError();
    }

    @Test
    void aStixReportListsTheFirstSkippedObjectsAndCountsTheRest() {
        String objects = IntStream.range(0, 250)
                .mapToObj(i -> "{\"type\": \"x-custom\", \"id\": \"x-custom--00000000-0000-4000-8000-%012d\", \"spec_version\": \"2.1\"}".formatted(i))
                .collect(Collectors.joining(","));
        ImportReport report = imports.importOk("stix", ("{\"type\": \"bundle\", \"id\": \"bundle--00000000-0000-4000-8000-000000000001\", \"objects\": [" + objects + "]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(report.skipped()).hasSize(StixImporter.MAX_LISTED + 1);
        assertThat(report.skipped().get(StixImporter.MAX_LISTED).reason())
                .isEqualTo("150 more skipped: STIX type 'x-custom' has no place in the model");
    }

    @Test
    void aStixReportListsTheFirstRejectedObjectsAndCountsTheRestExactly() {
        // 300 relationships, each dangling with its own reason: a hostile bundle must not get a 300-line report.
        String objects = IntStream.range(0, 300)
                .mapToObj(i -> ("{\"type\": \"relationship\", \"id\": \"relationship--00000000-0000-4000-8000-%012d\", \"spec_version\": \"2.1\","
                        + " \"relationship_type\": \"uses\", \"source_ref\": \"intrusion-set--00000000-0000-4000-8000-%012d\","
                        + " \"target_ref\": \"malware--00000000-0000-4000-8000-%012d\"}").formatted(i, i, i))
                .collect(Collectors.joining(","));
        ImportReport report = refused("stix", ("{\"type\": \"bundle\", \"id\": \"bundle--00000000-0000-4000-8000-000000000001\", \"objects\": [" + objects + "]}")
                .getBytes(StandardCharsets.UTF_8));
        var rejected = report.rejected();
        assertThat(rejected).hasSize(StixImporter.MAX_LISTED + StixImporter.MAX_REASONS_COUNTED + 1);
        assertThat(rejected.get(0).object()).isEqualTo("relationship--00000000-0000-4000-8000-000000000000");
        assertThat(rejected.get(StixImporter.MAX_LISTED).reason()).startsWith("1 more rejected: dangling reference: ");
        assertThat(rejected.get(rejected.size() - 1).reason())
                .isEqualTo((300 - StixImporter.MAX_LISTED - StixImporter.MAX_REASONS_COUNTED) + " more rejected for "
                        + (300 - StixImporter.MAX_LISTED - StixImporter.MAX_REASONS_COUNTED) + " other reasons (300 rejected in all)");
    }

    @Test
    void errorAskedForDirectlyIsNeverA500() {
        http.mutate().defaultHeaders(h -> h.remove("X-API-Key")).build().get().uri("/error").exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/error").exchange().expectStatus().isForbidden();
    }
}
