package org.exposuregraph.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;

/** What the alert tests do through the public API: watch organisations, record an incident, read a watch's alerts. */
public final class AlertRequests {

    private AlertRequests() {
    }

    /**
     * Waits until the alert engine has processed every entry of the change record: a watch created after this hears
     * only of what is written after it (the engine evaluates each entry against the watches that exist when it gets
     * to it, so a watch created while it lags also hears of writes made before it).
     */
    public static void awaitAlertEngineCaughtUp(org.springframework.data.neo4j.core.Neo4jClient neo4jClient)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean caughtUp = neo4jClient.query("""
                            MATCH (c:Change) WITH max(c.seq) AS last
                            OPTIONAL MATCH (cursor:AlertCursor {id: 'alerts'})
                            RETURN last IS NULL OR coalesce(cursor.seq, 0) >= last AND NOT EXISTS { (:Change:Unsequenced) }""")
                    .fetchAs(Boolean.class).one().orElse(false);
            if (caughtUp) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the alert engine did not process the change record within 60 s");
    }

    /** Creates a watch (documents in src/test/resources/graphql-test) and answers its id; fails on input errors. */
    public static String createWatch(HttpGraphQlTester graphQl, Map<String, Object> input) {
        return graphQl.documentName("createWatch").variable("input", input).execute()
                .path("createWatch.errors").entityList(Object.class).hasSize(0)
                .path("createWatch.watch.id").entity(String.class).get();
    }

    /**
     * Records an incident breaching {@code organisation} through the native import, as an EDITOR would, marked
     * {@code tlp} (none when null).
     */
    public static void recordIncident(int port, String id, String organisation, String tlp) {
        String marking = tlp == null ? "" : ", \"tlp\": \"" + tlp + "\"";
        String document = """
                {"format": "exposuregraph-native", "version": 1, "incidents": [
                  {"id": "%s", "name": "Ransomware at %s", "kind": "RANSOMWARE", "confidence": 80%s,
                   "breached": [{"target": "%s", "confidence": 90%s}]}]}""".formatted(id, organisation, marking,
                organisation, marking);
        importNative(port, document);
    }

    /** Imports a document in the native format through the API, as an ADMIN; fails unless it is accepted. */
    public static void importNative(int port, String document) {
        TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/api/imports/native")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(document.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
    }

    /** The watch's alerts, newest first, as the {@code watchAlerts} document selects them. */
    public static List<Map<String, Object>> alerts(HttpGraphQlTester graphQl, String watchId) {
        return graphQl.documentName("watchAlerts").variable("watchId", watchId).execute()
                .path("alerts.edges[*].node").entityList(Map.class).get().stream()
                .map(m -> {
                    @SuppressWarnings("unchecked") Map<String, Object> alert = (Map<String, Object>) m;
                    return alert;
                }).toList();
    }

    /** The watch's alerts of one event ({@code INCIDENT}, {@code RISK_THRESHOLD} …), newest first. */
    public static List<Map<String, Object>> alerts(HttpGraphQlTester graphQl, String watchId, String event) {
        return alerts(graphQl, watchId).stream().filter(alert -> event.equals(alert.get("event"))).toList();
    }

    /** Waits up to 10 s for the watch to have {@code count} alerts, and answers them. */
    public static List<Map<String, Object>> awaitAlerts(HttpGraphQlTester graphQl, String watchId, int count)
            throws InterruptedException {
        return awaitAlerts(graphQl, watchId, null, count);
    }

    /** Waits up to 10 s for the watch to have {@code count} alerts of {@code event} (null: any), and answers them. */
    public static List<Map<String, Object>> awaitAlerts(HttpGraphQlTester graphQl, String watchId, String event, int count)
            throws InterruptedException {
        java.util.function.Supplier<List<Map<String, Object>>> alerts =
                () -> event == null ? alerts(graphQl, watchId) : alerts(graphQl, watchId, event);
        for (int i = 0; i < 100 && alerts.get().size() < count; i++) {
            Thread.sleep(100);
        }
        return alerts.get();
    }
}
