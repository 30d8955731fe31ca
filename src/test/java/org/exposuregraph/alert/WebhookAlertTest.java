package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.exposuregraph.support.AlertRequests;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "done when" for webhooks, end to end over real HTTP: a watch on a GP practice, a webhook to a local
 * receiver, an incident recorded at a sub-processor two hops away, one signed alert naming the practice, its
 * categories and the path; retries on 500, disabling on 410; a GREEN watch gets nothing built from AMBER facts.
 * The followers' idle poll is a minute here, so an alert within seconds proves the wake-ups: the change feed wakes
 * the engine, the engine wakes the webhook deliverer and the subscriptions.
 */
@EmptyGraphTest
@TestPropertySource(properties = {"exposuregraph.alerts.initial-backoff=300ms", "exposuregraph.alerts.max-attempts=3",
        "exposuregraph.alerts.idle-poll-interval=1m"})
class WebhookAlertTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;
    @LocalServerPort
    int port;

    @BeforeEach
    void loadChain() {
        fixtures.load("alerts-chain");
    }

    @Test
    void anIncidentTwoHopsAwaySendsOneSignedAlertNamingThePracticeItsCategoriesAndThePath() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 204)) {
            String watchId = createWatch(Map.of("name", "Riverside", "organisations", List.of("gp-a")));
            Map<String, Object> webhook = createWebhook(receiver.url(), watchId);
            String secret = (String) webhook.get("secret");
            assertThat(secret).startsWith("whsec_");

            recordIncident("cloud-host-2026", "cloud-host", null);
            WebhookReceiver.Received alert = receiver.next(Duration.ofSeconds(5));

            assertThat(alert).as("an alert within 5 s").isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(alert.body(), Map.class);
            assertThat(body.get("type")).isEqualTo("alert.incident");
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) body.get("data");
            assertThat(data.get("watchId")).isEqualTo(watchId);
            assertThat(data.get("subjectId")).isEqualTo("cloud-host-2026");
            assertThat(data.get("sourceOrganisations")).isEqualTo(List.of("cloud-host"));
            assertThat(data.get("exposed")).isEqualTo(List.of(Map.of("organisationId", "gp-a", "name", "Riverside Surgery",
                    "categories", List.of("mental-health", "identity-contact"), "specialCategory", true, "hops", 2,
                    "path", List.of("gp-a", "records-co", "cloud-host"))));
            assertThat(verifiesInPython(secret, alert)).as("the signature verifies in Python").isTrue();
            assertThat(verifiesInPython(secret.replace(secret.charAt(8), secret.charAt(8) == 'A' ? 'B' : 'A'), alert))
                    .as("and not with another secret").isFalse();

            assertThat(receiver.next(Duration.ofMillis(1500))).as("exactly one alert").isNull();
            List<Map<String, Object>> alerts = alerts(watchId);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("id")).isEqualTo(data.get("id"));
            List<Map<String, Object>> deliveries = deliveries((String) ((Map<?, ?>) webhook.get("webhook")).get("id"));
            assertThat(deliveries).singleElement().satisfies(d -> {
                assertThat(d.get("id")).isEqualTo(alert.id());
                assertThat(d.get("status")).isEqualTo("DELIVERED");
                assertThat(d.get("attempts")).isEqualTo(1);
                assertThat(d.get("lastStatusCode")).isEqualTo(204);
            });
        }
    }

    @Test
    void aReceiverAnswering500GetsRetriesWithTheSameIdUntilItAccepts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = new WebhookReceiver(() -> calls.incrementAndGet() < 3 ? 500 : 200)) {
            String watchId = createWatch(Map.of("name", "Riverside", "organisations", List.of("gp-a")));
            String webhookId = (String) ((Map<?, ?>) createWebhook(receiver.url(), watchId).get("webhook")).get("id");

            recordIncident("cloud-host-2026", "cloud-host", null);
            WebhookReceiver.Received first = receiver.next(Duration.ofSeconds(10));
            WebhookReceiver.Received second = receiver.next(Duration.ofSeconds(10));
            WebhookReceiver.Received third = receiver.next(Duration.ofSeconds(10));

            assertThat(List.of(first, second, third)).extracting(WebhookReceiver.Received::id).containsOnly(first.id());
            assertThat(receiver.next(Duration.ofSeconds(2))).isNull();
            assertThat(deliveries(webhookId)).singleElement().satisfies(d -> {
                assertThat(d.get("status")).isEqualTo("DELIVERED");
                assertThat(d.get("attempts")).isEqualTo(3);
                assertThat(d.get("lastStatusCode")).isEqualTo(200);
            });
        }
    }

    @Test
    void aReceiverAnswering410DisablesTheEndpoint() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(() -> 410)) {
            String watchId = createWatch(Map.of("name", "Riverside", "organisations", List.of("gp-a")));
            String webhookId = (String) ((Map<?, ?>) createWebhook(receiver.url(), watchId).get("webhook")).get("id");

            recordIncident("cloud-host-2026", "cloud-host", null);
            assertThat(receiver.next(Duration.ofSeconds(10))).isNotNull();
            recordIncident("records-co-2026", "records-co", null);

            assertThat(receiver.next(Duration.ofSeconds(2))).as("nothing more is sent").isNull();
            assertThat(alerts(watchId)).hasSize(2);
            Map<String, Object> log = graphQl.documentName("webhookDeliveries").variable("webhookId", webhookId).execute()
                    .returnResponse().getData();
            assertThat((List<?>) log.get("webhooks")).singleElement()
                    .satisfies(h -> assertThat(((Map<?, ?>) h).get("enabled")).isEqualTo(false));
            assertThat(deliveries(webhookId)).extracting(d -> d.get("status")).containsOnly("DISABLED");
        }
    }

    @Test
    void aGreenWatchGetsNoAlertBuiltFromAmberFacts() throws Exception {
        String green = createWatch(Map.of("name", "green", "organisations", List.of("gp-a"), "clearance", "GREEN"));
        String red = createWatch(Map.of("name", "red", "organisations", List.of("gp-a")));

        recordIncident("cloud-host-secret", "cloud-host", "AMBER");
        awaitAlerts(red, 1);
        recordIncident("records-co-public", "records-co", null);
        awaitAlerts(red, 2);

        assertThat(alerts(green)).extracting(a -> a.get("subjectId")).containsExactly("records-co-public");
    }

    @Test
    void aSubscriptionOverSseReceivesTheSameAlert() throws Exception {
        String watchId = createWatch(Map.of("name", "Riverside", "organisations", List.of("gp-a")));
        String subscription = JSON.writeValueAsString(Map.of(
                "query", "subscription($w: ID!) { alerts(watchId: $w) { id event subjectId exposed { organisationId path } } }",
                "variables", Map.of("w", watchId)));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header(TestKeys.HEADER, TestKeys.ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(subscription)).build();
        // The stream's headers come with its first event, so the answer is awaited while the incident is recorded.
        CompletableFuture<HttpResponse<java.io.InputStream>> answer = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        Thread.sleep(2000); // the subscription starts after the watch's latest alert: let it start first
        recordIncident("cloud-host-2026", "cloud-host", null);
        HttpResponse<java.io.InputStream> response = answer.get(15, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> firstData = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = events.readLine(); line != null; line = events.readLine()) {
                        if (line.startsWith("data:") && line.contains("\"alerts\"")) {
                            return line.substring("data:".length()).strip();
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            @SuppressWarnings("unchecked")
            Map<String, Object> next = JSON.readValue(firstData.get(10, TimeUnit.SECONDS), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> alert = (Map<String, Object>) ((Map<String, Object>) next.get("data")).get("alerts");
            assertThat(alert.get("event")).isEqualTo("INCIDENT");
            assertThat(alert.get("subjectId")).isEqualTo("cloud-host-2026");
            assertThat(alert.get("exposed")).isEqualTo(List.of(Map.of("organisationId", "gp-a",
                    "path", List.of("gp-a", "records-co", "cloud-host"))));
            assertThat(alerts(watchId)).extracting(a -> a.get("id")).containsExactly(alert.get("id"));
        }
    }

    @Test
    void watchesAreCheckedAndOwnedByTheirKey() {
        graphQl.documentName("createWatch").variable("input",
                        Map.of("name", "", "organisations", List.of("no-such-org"), "minSensitivity", 9)).execute()
                .path("createWatch.watch").valueIsNull()
                .path("createWatch.errors[*].field").entityList(String.class)
                .containsExactly("name", "organisations", "minSensitivity");
        String watchId = createWatch(Map.of("name", "mine", "kind", "GP_PRACTICE"));

        HttpGraphQlTester editor = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.EDITOR));
        editor.document("{ watches { id } }").execute().path("watches").entityList(Object.class).hasSize(0);
        editor.documentName("watchAlerts").variable("watchId", watchId).execute()
                .errors().expect(e -> "NOT_FOUND".equals(String.valueOf(e.getErrorType()))).verify();
        graphQl.document("{ watches { id } }").execute().path("watches[*].id").entityList(String.class).contains(watchId);
    }

    private String createWatch(Map<String, Object> input) {
        return AlertRequests.createWatch(graphQl, input);
    }

    private Map<String, Object> createWebhook(String url, String watchId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = graphQl.documentName("createWebhook")
                .variable("input", Map.of("url", url, "watches", List.of(watchId))).execute()
                .path("createWebhook.errors").entityList(Object.class).hasSize(0)
                .path("createWebhook").entity(Map.class).get();
        return payload;
    }

    private void recordIncident(String id, String organisation, String tlp) {
        AlertRequests.recordIncident(port, id, organisation, tlp);
    }

    private List<Map<String, Object>> alerts(String watchId) {
        return AlertRequests.alerts(graphQl, watchId);
    }

    private void awaitAlerts(String watchId, int count) throws InterruptedException {
        assertThat(AlertRequests.awaitAlerts(graphQl, watchId, count)).hasSize(count);
    }

    private List<Map<String, Object>> deliveries(String webhookId) {
        return graphQl.documentName("webhookDeliveries").variable("webhookId", webhookId).execute()
                .path("webhookDeliveries").entityList(Map.class).get().stream()
                .map(m -> {
                    @SuppressWarnings("unchecked") Map<String, Object> delivery = (Map<String, Object>) m;
                    return delivery;
                }).toList();
    }

    /** Runs the independent Python verifier (src/test/resources/alerts/verify_webhook.py) on what was received. */
    static boolean verifiesInPython(String secret, WebhookReceiver.Received received) throws Exception {
        File script = new File("src/test/resources/alerts/verify_webhook.py");
        Process python = new ProcessBuilder("python3", script.getPath(), secret, received.id(), received.timestamp(),
                received.signature()).redirectErrorStream(true).start();
        python.getOutputStream().write(received.body().getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return python.exitValue() == 0;
    }
}
