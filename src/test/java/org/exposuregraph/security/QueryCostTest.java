package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;

/**
 * Work-weighted limits: a request's cost is computed before it runs and refused over its role's budget, naming
 * the limit and the cost; every refusal and every operation is in the audit log with its text and address.
 */
@SeededGraphTest
class QueryCostTest {

    @Value("${local.server.port}")
    int port;

    private String post(String key, String query, Map<String, Object> variables) {
        return TestClients.withKey(port, "", key).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", query, "variables", variables)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void twoHundredTwentyAliasedAnalysesAreRefusedBeforeRunningNamingTheCost() {
        String aliases = IntStream.range(0, 220)
                .mapToObj(i -> "e" + i + ": vendorExposure(vendorId: \"stor-a-file\", maxDepth: 6) { totalClients }")
                .collect(Collectors.joining(" "));
        long start = System.nanoTime();
        String answer = post(TestKeys.READER, "query manyAnalyses { " + aliases + " }", Map.of());
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 220 × (1 + 100 + 1): refused before anything runs, so no analysis was computed.
        assertThat(answer).contains("QUERY_TOO_COSTLY").contains("costs 22440").contains("budget of 10000 for a READER key")
                .contains("reader-budget").doesNotContain("\"totalClients\"");
        assertThat(millis).as("refused before running").isLessThan(30_000);

        // One analysis is within the budget, and a bigger role's budget is bigger.
        assertThat(post(TestKeys.READER, "{ vendorExposure(vendorId: \"stor-a-file\") { totalClients } }", Map.of()))
                .contains("totalClients").doesNotContain("errors");

        String audit = post(TestKeys.ADMIN, """
                query($outcome: String) { auditLog(first: 5, outcome: $outcome, kind: "GRAPHQL") {
                  totalCount edges { node { actor operation outcome address detail } } } }""", Map.of("outcome", "QUERY_TOO_COSTLY"));
        assertThat(audit).contains("query manyAnalyses [vendorExposure").contains("cost 22440")
                .contains("127.0.0.1").contains("e0: vendorExposure"); // the document is cut at 2,000 characters
    }

    @Test
    void inlineArgumentsAreAuditedWithTheirTextAndSecretsRedacted() {
        String answer = post(TestKeys.READER,
                "mutation { saveSource(input: {id: \"audit-probe\", publisher: \"=evil\", title: \"t\", url: \"javascript:x\"}) { source { id } } }",
                Map.of());
        assertThat(answer).contains("FORBIDDEN");
        post(TestKeys.READER, "{ search(text: \"clop\", first: 1, apiToken: \"do-not-store-me\") { id } }", Map.of());
        String audit = post(TestKeys.ADMIN, """
                query($actor: String) { auditLog(first: 20, actor: $actor) { edges { node { actor operation outcome detail } } } }""",
                Map.of("actor", "key-" + java.util.HexFormat.of().formatHex(ApiKeyStore.sha256(TestKeys.READER), 0, 4)));
        assertThat(audit).contains("mutation (anonymous) [saveSource]").contains("FORBIDDEN")
                .contains("publisher: \\\"=evil\\\"").contains("apiToken: \\\"[redacted]\\\"").doesNotContain("do-not-store-me")
                .doesNotContain(TestKeys.ADMIN);
        assertThat(AuditLog.redactInline("{ x(password: \"p\\\"q\", name: \"n\") }")).isEqualTo("{ x(password: \"[redacted]\", name: \"n\") }");
    }
}
