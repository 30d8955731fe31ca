package org.exposuregraph.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.exposuregraph.security.ApiKeyStore;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.support.SeededGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The rankings are computed at start for every clearance a configured key holds (the test keys hold CLEAR to RED
 * between them), so the first {@code vendorRiskAssessments} or {@code concentrationRisk} after a restart is a look-up.
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
    }
}
