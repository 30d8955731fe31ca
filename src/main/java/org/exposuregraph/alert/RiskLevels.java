package org.exposuregraph.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exposuregraph.api.Page;
import org.exposuregraph.risk.RiskAssessment;
import org.exposuregraph.risk.RiskService;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * The last vendor-risk score each watch with a threshold has seen per vendor ({@code (:WatchedRisk)} bookkeeping
 * nodes): what tells a crossing (below, then at or above) from a vendor that stays above. A watch starts knowing the
 * vendors already at or above its threshold at its clearance when it is created (one read of the ranking
 * {@code vendorRiskAssessments} keeps); any other vendor counts as below until the engine sees its score.
 */
@Service
class RiskLevels {

    private final Neo4jClient neo4jClient;
    private final RiskService risk;

    RiskLevels(Neo4jClient neo4jClient, RiskService risk) {
        this.neo4jClient = neo4jClient;
        this.risk = risk;
    }

    /** Records the vendors at or above a new watch's threshold, scored at its clearance. */
    void baseline(Watch watch) {
        if (watch.riskThreshold() == null) {
            return;
        }
        List<Map<String, Object>> above = new ArrayList<>();
        CurrentKey.runAs(watch.owner(), Role.READER, watch.clearance(), () -> {
            String after = null;
            Page<RiskAssessment> page;
            do {
                page = risk.assessments(Page.MAX_PAGE_SIZE, after, watch.riskThreshold(), null);
                page.getEdges().forEach(edge -> above.add(Map.of("vendorId", edge.getNode().vendorId(), "score", edge.getNode().score())));
                after = page.getEdges().isEmpty() ? null : page.getEdges().get(page.getEdges().size() - 1).getCursor().getValue();
            } while (page.getPageInfo().isHasNextPage());
            return null;
        });
        neo4jClient.query("""
                        UNWIND $rows AS row
                        MERGE (r:WatchedRisk {id: $watchId + '|' + row.vendorId})
                        SET r.watchId = $watchId, r.vendorId = row.vendorId, r.score = row.score, r.seq = 0""")
                .bind(above).to("rows").bind(watch.id()).to("watchId").run();
    }

    /**
     * Records the vendor's score as of change entry {@code seq}; true when it crossed the watch's threshold upwards:
     * at or above it now, below it (or never seen) before.
     */
    boolean crossed(Watch watch, String vendorId, double score, long seq) {
        double previous = neo4jClient.query("""
                        MERGE (r:WatchedRisk {id: $watchId + '|' + $vendorId})
                        ON CREATE SET r.watchId = $watchId, r.vendorId = $vendorId
                        WITH r, r.score AS previous
                        SET r.score = $score, r.seq = $seq
                        RETURN coalesce(previous, -1.0)""")
                .bind(watch.id()).to("watchId").bind(vendorId).to("vendorId").bind(score).to("score").bind(seq).to("seq")
                .fetchAs(Double.class).one().orElseThrow(); // -1: never seen, so below
        return score >= watch.riskThreshold() && previous < watch.riskThreshold();
    }
}
