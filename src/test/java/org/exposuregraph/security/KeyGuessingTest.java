package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.StandaloneApp;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Wrong keys from one address are slowed down and refused with 429 after the free attempts, while the right key
 * from the same address still works; every refusal (401, 403, 429) is in the audit log with who, where and why.
 */
class KeyGuessingTest {

    @Test
    void manyWrongKeysAreSlowedWhileTheRightKeyStillWorksAndEveryRefusalIsAudited(@TempDir Path dataDir) {
        try (var app = StandaloneApp.start(Map.of(
                "exposuregraph.data-dir", dataDir.toString(),
                "exposuregraph.seed.enabled", false,
                "exposuregraph.security.limits.failed-keys-per-minute", 5,
                "exposuregraph.security.limits.failed-key-delay-step", "100ms",
                "exposuregraph.security.api-keys", TestKeys.READER + ":READER," + TestKeys.ADMIN + ":ADMIN"))) {
            WebTestClient http = TestClients.anonymous(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            List<Integer> statuses = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                long start = System.nanoTime();
                statuses.add(post(http, "wrong-key-attempt-number-" + i).returnResult(String.class).getStatus().value());
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            assertThat(statuses.subList(0, 5)).containsOnly(401);
            assertThat(statuses.subList(5, 12)).containsOnly(429);
            assertThat(millis.get(11)).as("the seventh slowed attempt waits 700 ms").isGreaterThanOrEqualTo(650);

            // The right key from the same address is not refused (nor held: only wrong keys wait).
            post(http, TestKeys.READER).expectStatus().isOk();
            post(http, "wrong-key-attempt-number-12").expectStatus().isEqualTo(429)
                    .expectHeader().exists("Retry-After")
                    .expectBody(String.class).value(body -> assertThat(body).contains("TOO_MANY_FAILED_KEYS")
                            .contains("failed-keys-per-minute"));
            http.get().uri("/api/exports/graphml").header(TestKeys.HEADER, TestKeys.READER).exchange().expectStatus().isForbidden();
            http.get().uri("/api/exports/graphml").exchange().expectStatus().isUnauthorized();

            String audit = new String(http.post().uri("/graphql").header(TestKeys.HEADER, TestKeys.ADMIN)
                    .header("Content-Type", "application/json")
                    .bodyValue(Map.of("query", "{ auditLog(first: 100, kind: \"REFUSED\") { totalCount edges { node { actor operation outcome address detail } } } }"))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
            String wrongKey = "unknown key-" + java.util.HexFormat.of().formatHex(ApiKeyStore.sha256("wrong-key-attempt-number-0"), 0, 4);
            assertThat(audit).contains("\"totalCount\":15").contains(wrongKey).contains("HTTP 401 UNAUTHENTICATED")
                    .contains("HTTP 429 TOO_MANY_FAILED_KEYS").contains("HTTP 403 FORBIDDEN").contains("GET /api/exports/graphml")
                    .contains("127.0.0.1").contains("\"actor\":\"anonymous\"")
                    .doesNotContain("wrong-key-attempt-number");
        }
    }

    private static WebTestClient.ResponseSpec post(WebTestClient http, String key) {
        return http.post().uri("/graphql").header(TestKeys.HEADER, key).header("Content-Type", "application/json")
                .bodyValue(Map.of("query", "{ dataCategories { id } }")).exchange();
    }
}
