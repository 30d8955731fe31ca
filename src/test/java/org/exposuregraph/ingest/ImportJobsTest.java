package org.exposuregraph.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/imports/{format}?async=true}: answered at once with a job, whose status shows the import's
 * progress while it runs and, at the end, the report the synchronous form gives; seen only by its key or an ADMIN.
 */
@EmptyGraphTest
class ImportJobsTest extends ImportTestSupport {

    @LocalServerPort
    int port;
    @TempDir
    Path folder;
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anAsyncInventoryImportReportsProgressWhileRunningAndTheSameReportAtTheEnd() throws Exception {
        imports.importOk("native", ImportClient.resource("seed-data/taxonomy.json"));
        String taxonomy = imports.fingerprint();
        Path inventory = folder.resolve("inventory.csv");
        InventoryGenerator.write(inventory, 60_000, 3_000);
        byte[] body = Files.readAllBytes(inventory);

        WebTestClient editor = TestClients.withKey(port, "", TestKeys.EDITOR);
        EntityExchangeResult<byte[]> accepted = editor.post().uri("/api/imports/inventory?async=true")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(body).exchange()
                .expectStatus().isAccepted().expectBody().returnResult();
        JsonNode job = json.readTree(accepted.getResponseBody());
        String id = job.path("id").asString();
        assertThat(accepted.getResponseHeaders().getLocation()).hasToString("/api/imports/jobs/" + id);
        assertThat(job.path("phase").asString()).isIn("QUEUED", "CHECKING", "WRITING");

        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 300_000;
        JsonNode status;
        do {
            Thread.sleep(50);
            status = status(editor, id, 200);
            seen.add(status);
        } while (!status.path("phase").asString().matches("DONE|FAILED") && System.currentTimeMillis() < deadline);
        assertThat(status.path("phase").asString()).isEqualTo("DONE");
        assertThat(seen).as("progress while it ran").anySatisfy(s -> {
            assertThat(s.path("phase").asString()).isIn("CHECKING", "WRITING");
            assertThat(s.path("rowsChecked").asLong() + s.path("rowsWritten").asLong()).isPositive();
            assertThat(s.path("report").isNull() || s.path("report").isMissingNode()).isTrue();
        });
        assertThat(status.path("rowsChecked").asLong()).isGreaterThanOrEqualTo(63_000);
        assertThat(status.path("rowsWritten").asLong()).isGreaterThanOrEqualTo(63_000);
        assertThat(status.path("finished").asString()).isNotEmpty();
        ImportReport asynchronous = json.treeToValue(status.path("report"), ImportReport.class);
        assertThat(asynchronous.rejected()).isEmpty();
        assertThat(asynchronous.created()).isGreaterThanOrEqualTo(63_000);

        // The synchronous form of the same import, on the same graph, answers the same report.
        fixtures.reset();
        imports.importOk("native", ImportClient.resource("seed-data/taxonomy.json"));
        assertThat(imports.fingerprint()).isEqualTo(taxonomy);
        ImportReport synchronous = imports.importOk("inventory", body);
        assertThat(asynchronous).isEqualTo(synchronous);

        // Another key's job is answered like an unknown one; an ADMIN sees every job.
        WebTestClient admin = TestClients.withKey(port, "", TestKeys.ADMIN);
        assertThat(status(admin, id, 200).path("phase").asString()).isEqualTo("DONE");
        JsonNode adminJob = json.readTree(admin.post().uri("/api/imports/native?async=true")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue("{}".getBytes()).exchange()
                .expectStatus().isAccepted().expectBody().returnResult().getResponseBody());
        String hidden = new String(editor.get().uri("/api/imports/jobs/{id}", adminJob.path("id").asString()).exchange()
                .expectStatus().isNotFound().expectBody().returnResult().getResponseBody());
        String unknown = new String(editor.get().uri("/api/imports/jobs/{id}", "no-such-job").exchange()
                .expectStatus().isNotFound().expectBody().returnResult().getResponseBody());
        assertThat(hidden.replace(adminJob.path("id").asString(), "no-such-job")).isEqualTo(unknown);
    }

    @Test
    void anUnknownFormatIsRefusedAtOnce() {
        TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/api/imports/spreadsheet?async=true")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue("x".getBytes()).exchange()
                .expectStatus().isBadRequest();
    }

    private JsonNode status(WebTestClient client, String id, int expected) {
        return json.readTree(client.get().uri("/api/imports/jobs/{id}", id).exchange().expectStatus().isEqualTo(expected)
                .expectBody().returnResult().getResponseBody());
    }
}
