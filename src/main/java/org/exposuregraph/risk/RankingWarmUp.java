package org.exposuregraph.risk;

import java.util.Set;

import org.exposuregraph.security.ApiKeyStore;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Computes today's whole-graph rankings at start, off the request path, for each clearance a caller can hold (those
 * of the configured keys; every clearance when bearer tokens are accepted):
 * the vendor-risk ranking and the concentration table under it. Kept up to date from then on, they would otherwise
 * be computed whole by the first caller of {@code concentrationRisk} or {@code vendorRiskAssessments} after a
 * restart — 8 to 19 s on the national graph. Waits for the read model's build at start; off when that is off (the
 * import command) or with {@code exposuregraph.read-model.warm-rankings=false}.
 */
@Component
class RankingWarmUp {

    private static final Logger log = LoggerFactory.getLogger(RankingWarmUp.class);

    private final RiskService risk;
    /** Absent where nothing is served (the command-line import): then nothing is warmed. */
    private final ApiKeyStore keys;
    private final boolean enabled;
    private final Set<Tlp> warmed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RankingWarmUp(RiskService risk, ObjectProvider<ApiKeyStore> keys,
                  @Value("${exposuregraph.read-model.build-at-start:true}") boolean buildAtStart,
                  @Value("${exposuregraph.read-model.warm-rankings:true}") boolean warmRankings) {
        this.risk = risk;
        this.keys = keys.getIfAvailable();
        this.enabled = buildAtStart && warmRankings && this.keys != null;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmAtStart() {
        if (!enabled) {
            return;
        }
        Thread thread = new Thread(this::warm, "ranking-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void warm() {
        for (Tlp clearance : keys.clearances()) {
            long started = System.nanoTime();
            try {
                CurrentKey.runAs("ranking warm-up", Role.READER, clearance, () -> risk.assessments(1, null, null, null));
                warmed.add(clearance);
                log.info("Rankings for clearance {} computed in {} ms", clearance, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("Computing the rankings for clearance {} at start failed; the first read computes them: {}",
                        clearance, e.toString());
            }
        }
    }

    /** The clearances whose rankings were computed at start (for tests). */
    Set<Tlp> warmed() {
        return Set.copyOf(warmed);
    }
}
