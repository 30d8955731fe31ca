package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.exposuregraph.support.StandaloneApp;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The per-key rate limit refuses with 429, names the limit, and does not punish other keys. */
class RateLimitTest {

    @Test
    void aKeyOverItsLimitGets429WhileAnotherKeyIsServed(@TempDir Path dataDir) {
        try (var app = StandaloneApp.start(Map.of(
                "exposuregraph.data-dir", dataDir.toString(),
                "exposuregraph.seed.enabled", false,
                "exposuregraph.security.requests-per-minute", 3,
                "exposuregraph.security.api-keys", TestKeys.READER + ":READER," + TestKeys.ANALYST + ":ANALYST"))) {
            WebTestClient http = TestClients.anonymous(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            for (int i = 0; i < 3; i++) {
                post(http, TestKeys.READER).expectStatus().isOk();
            }
            post(http, TestKeys.READER).expectStatus().isEqualTo(429)
                    .expectHeader().valueEquals("Retry-After", "60")
                    .expectBody(String.class).value(body -> assertThat(body).contains("requests-per-minute").contains("RATE_LIMITED"));
            post(http, TestKeys.ANALYST).expectStatus().isOk();
        }
    }

    private static WebTestClient.ResponseSpec post(WebTestClient http, String key) {
        return http.post().uri("/graphql").header(TestKeys.HEADER, key).header("Content-Type", "application/json")
                .bodyValue(Map.of("query", "{ dataCategories { id } }")).exchange();
    }
}
