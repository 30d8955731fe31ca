package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.AlertRequests;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * RISK_THRESHOLD: a new flow into records-co (gp-a's processor) raises its vendor-risk score (vendorRiskAssessment)
 * across a watch's threshold: one alert with the score, the threshold and gp-a's path; a further rise raises no
 * second one; a vendor already above when the watch was created raises none; a GREEN watch's score ignores a RED
 * flow.
 */
@EmptyGraphTest
@TestPropertySource(properties = {"exposuregraph.alerts.initial-backoff=300ms", "exposuregraph.alerts.max-attempts=3"})
class RiskThresholdAlertTest {

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
    void crossingTheThresholdRaisesOneAlertAndStayingAboveNoSecond() throws Exception {
        double before = score("records-co");
        double threshold = before + 0.01;
        String watchId = createWatch("crossing", threshold, null);
        String alreadyAbove = createWatch("already above", before - 1, null);

        recordFlow("trust-b", "records-co", null);
        List<Map<String, Object>> risk = awaitRiskAlerts(watchId, 1);
        assertThat(risk).singleElement().satisfies(alert -> {
            assertThat(alert.get("subjectId")).isEqualTo("records-co");
            assertThat(alert.get("sourceOrganisations")).isEqualTo(List.of("records-co"));
            assertThat(((Number) alert.get("riskThreshold")).doubleValue()).isEqualTo(threshold);
            assertThat(((Number) alert.get("riskScore")).doubleValue()).isEqualTo(score("records-co")).isGreaterThanOrEqualTo(threshold);
            assertThat(alert.get("exposed")).isEqualTo(List.of(Map.of("organisationId", "gp-a", "name", "Riverside Surgery",
                    "categories", List.of("mental-health", "identity-contact"), "specialCategory", true, "hops", 1,
                    "path", List.of("gp-a", "records-co"))));
        });

        AlertRequests.recordIncident(port, "records-co-2026", "records-co", null);
        awaitAlerts(watchId, "INCIDENT");
        assertThat(score("records-co")).as("the incident raised it further").isGreaterThan(((Number) risk.get(0).get("riskScore")).doubleValue());
        assertThat(alerts(watchId, "RISK_THRESHOLD")).as("staying above raises no second alert").hasSize(1);
        assertThat(alerts(alreadyAbove, "RISK_THRESHOLD")).as("above before the watch: no crossing").isEmpty();
    }

    @Test
    void aGreenWatchGetsNoThresholdAlertCausedByARedFlow() throws Exception {
        double threshold = score("records-co") + 0.01;
        String green = createWatch("green", threshold, "GREEN");
        String red = createWatch("red", threshold, null);

        recordFlow("trust-b", "records-co", "RED");
        awaitRiskAlerts(red, 1);

        assertThat(alerts(green, "RISK_THRESHOLD")).isEmpty();
        HttpGraphQlTester greenReader = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.GREEN_READER));
        assertThat(score(greenReader, "records-co")).as("GREEN sees the score unmoved").isLessThan(threshold);
    }

    private String createWatch(String name, double threshold, String clearance) {
        Map<String, Object> input = new HashMap<>(Map.of("name", name, "organisations", List.of("gp-a"), "riskThreshold", threshold));
        if (clearance != null) {
            input.put("clearance", clearance);
        }
        return AlertRequests.createWatch(graphQl, input);
    }

    private double score(String vendorId) {
        return score(graphQl, vendorId);
    }

    private static double score(HttpGraphQlTester tester, String vendorId) {
        return tester.document("query($v: ID!) { vendorRiskAssessment(vendorId: $v) { score } }").variable("v", vendorId)
                .execute().path("vendorRiskAssessment.score").entity(Double.class).get();
    }

    private void recordFlow(String client, String processor, String tlp) {
        String marking = tlp == null ? "" : ", \"tlp\": \"" + tlp + "\"";
        AlertRequests.importNative(port, """
                {"format": "exposuregraph-native", "version": 1, "dataFlows": [
                  {"client": "%s", "processor": "%s", "categories": ["mental-health"], "people": 50000, "confidence": 90%s}]}"""
                .formatted(client, processor, marking));
    }

    private List<Map<String, Object>> alerts(String watchId, String event) {
        return AlertRequests.alerts(graphQl, watchId, event);
    }

    private List<Map<String, Object>> awaitRiskAlerts(String watchId, int count) throws InterruptedException {
        List<Map<String, Object>> alerts = AlertRequests.awaitAlerts(graphQl, watchId, "RISK_THRESHOLD", count);
        assertThat(alerts).hasSize(count);
        return alerts;
    }

    private void awaitAlerts(String watchId, String event) throws InterruptedException {
        assertThat(AlertRequests.awaitAlerts(graphQl, watchId, event, 1)).isNotEmpty();
    }
}
