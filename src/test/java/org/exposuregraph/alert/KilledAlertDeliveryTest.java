package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.exposuregraph.support.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application in a child JVM, killed with SIGKILL after an incident's write committed and before any alert
 * was computed or sent (the first run has alerting switched off): after a restart the alert is computed from the
 * change record at the persisted cursor and delivered once.
 */
class KilledAlertDeliveryTest {

    static final Duration START_LIMIT = Duration.ofSeconds(300); // a loaded 2-core machine

    final Path dir = Path.of("target", "kill-alerts-" + UUID.randomUUID()).toAbsolutePath();
    final String adminKey = "alerts-admin-" + UUID.randomUUID(); // made up per run
    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Process child;

    @AfterEach
    void cleanUp() throws IOException {
        if (child != null) {
            child.destroyForcibly();
        }
        FileSystemUtils.deleteRecursively(dir);
    }

    @Test
    void anAlertWhoseIncidentCommittedBeforeAKillIsDeliveredOnceAfterRestart() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 200)) {
            int port = start(false);
            post(port, "/api/imports/native", """
                    {"format": "exposuregraph-native", "version": 1,
                     "dataCategories": [{"id": "mental-health", "name": "Mental health", "specialCategory": true, "sensitivity": 5}],
                     "organisations": [
                       {"id": "gp-a", "name": "Riverside Surgery", "kind": "GP_PRACTICE"},
                       {"id": "records-co", "name": "Records Co", "kind": "VENDOR"},
                       {"id": "cloud-host", "name": "Cloud Host", "kind": "VENDOR"}],
                     "dataFlows": [{"client": "gp-a", "processor": "records-co", "categories": ["mental-health"]}],
                     "subProcessing": [{"processor": "records-co", "subProcessor": "cloud-host"}]}""");
            String watchId = (String) graphQl(port, """
                    mutation { createWatch(input: {name: "Riverside", organisations: ["gp-a"]}) { watch { id } } }""",
                    Map.of(), "createWatch", "watch", "id");
            String secret = (String) graphQl(port, """
                    mutation($url: String!, $watch: ID!) { createWebhook(input: {url: $url, watches: [$watch]}) { secret } }""",
                    Map.of("url", receiver.url(), "watch", watchId), "createWebhook", "secret");
            post(port, "/api/imports/native", """
                    {"format": "exposuregraph-native", "version": 1, "incidents": [
                      {"id": "cloud-host-2026", "name": "Ransomware at Cloud Host", "kind": "RANSOMWARE",
                       "breached": [{"target": "cloud-host"}]}]}""");

            child.destroyForcibly(); // SIGKILL right after the commit: nothing computed, nothing sent
            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(receiver.next(Duration.ofMillis(200))).isNull();

            start(true);
            WebhookReceiver.Received alert = receiver.next(Duration.ofSeconds(60));
            assertThat(alert).as("the alert after restart").isNotNull();
            assertThat(alert.body()).contains("\"subjectId\":\"cloud-host-2026\"").contains("\"organisationId\":\"gp-a\"")
                    .contains("\"path\":[\"gp-a\",\"records-co\",\"cloud-host\"]");
            assertThat(WebhookAlertTest.verifiesInPython(secret, alert)).isTrue();
            assertThat(receiver.next(Duration.ofSeconds(3))).as("delivered once").isNull();
        }
    }

    private int start(boolean alerts) throws Exception {
        child = ChildJvm.start(List.of("--server.port=0", "--exposuregraph.data-dir=" + dir.resolve("graph"),
                "--exposuregraph.embedded.bolt-port=0", "--exposuregraph.seed.enabled=false",
                "--exposuregraph.security.api-keys=" + adminKey + ":ADMIN",
                "--exposuregraph.alerts.enabled=" + alerts));
        return ChildJvm.awaitPort(child, START_LIMIT);
    }

    private String post(int port, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("X-API-Key", adminKey)
                .header("Content-Type", path.equals("/graphql") ? "application/json" : "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** Runs a GraphQL document and returns the value at {@code path} under {@code data}. */
    private Object graphQl(int port, String document, Map<String, Object> variables, String... path) throws Exception {
        String answer = post(port, "/graphql", json.writeValueAsString(Map.of("query", document, "variables", variables)));
        Object value = json.readValue(answer, Map.class).get("data");
        for (String key : path) {
            assertThat(value).as(answer).isInstanceOf(Map.class);
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }
}
