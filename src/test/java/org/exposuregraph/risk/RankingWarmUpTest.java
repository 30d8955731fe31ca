package org.exposuregraph.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.exposuregraph.exposure.ExposureIndex;
import org.exposuregraph.security.ApiKeyStore;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The rankings are computed at start for every clearance a configured key holds (the test keys hold CLEAR to RED
 * between them), so the first {@code vendorRiskAssessments} or {@code concentrationRisk} after a restart is a look-up;
 * and kept up to date after each write, in the background, so that a read after a write is one too.
 */
@SeededGraphTest
@TestPropertySource(properties = "exposuregraph.read-model.warm-rankings=true")
class RankingWarmUpTest {

    @Autowired
    RankingWarmUp warmUp;
    @Autowired
    RiskService risk;
    @Autowired
    ApiKeyStore keys;
    @Autowired
    ExposureIndex index;
    @Value("${local.server.port}")
    int port;

    @Test
    void everyConfiguredClearancesRankingsAreComputedAtStart() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!warmUp.warmed().containsAll(keys.clearances()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(keys.clearances()).as("the test keys' clearances").contains(Tlp.GREEN, Tlp.RED);
        assertThat(warmUp.warmed()).as("clearances warmed at start").containsExactlyInAnyOrderElementsOf(keys.clearances());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (Tlp clearance : keys.clearances()) {
            assertThat(risk.holdsRanking(today, clearance)).as("today's ranking held for %s", clearance).isTrue();
        }

        // Kept so: after a write, each held ranking is brought up to date in the background, with no read asking.
        long before = index.version();
        String saved = TestClients.withKey(port, "", TestKeys.EDITOR).post().uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", """
                        mutation { saveDataFlow(input: {client: "bpas", processor: "solarwinds", categories: ["health"],
                          people: 10}) { errors { message } } }"""))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(saved).contains("\"errors\":[]");
        assertThat(index.version()).as("the read model applied the write").isGreaterThan(before);
        deadline = System.nanoTime() + 10_000_000_000L;
        while (!keys.clearances().stream().allMatch(clearance -> risk.holdsCurrentRanking(today, clearance))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (Tlp clearance : keys.clearances()) {
            assertThat(risk.holdsCurrentRanking(today, clearance)).as("%s ranking current after the write", clearance).isTrue();
        }
    }
}
