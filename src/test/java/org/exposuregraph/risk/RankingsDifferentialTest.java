package org.exposuregraph.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.exposuregraph.exposure.ConcentrationRisk;
import org.exposuregraph.exposure.CypherQueries;
import org.exposuregraph.exposure.ExposureService;
import org.exposuregraph.exposure.Validity;
import org.exposuregraph.graph.ChangeFeed;
import org.exposuregraph.graph.GraphWriter;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.RandomGraphs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The rankings served from the read model against their oracles: on random dated, TLP-marked graphs (those of
 * {@code ExposureIndexDifferentialTest}, with a taxonomy, software, vulnerabilities, actors and incidents), the
 * concentration table ({@code concentrationRisk}) must equal what {@code concentration-risk.cypher} gives over the
 * store, and the vendor-risk ranking ({@code vendorRiskAssessments}) what the former whole-graph path gives (that
 * query with {@code risk-factors-oracle.cypher}), for several filters, dates and clearances; first as built, then
 * after each of a series of writes through {@link GraphWriter} that the read model applied incrementally (the same
 * tables asked again, so they are patched, not recomputed; half of them after every other write, so a patch spans
 * several versions).
 */
@EmptyGraphTest
class RankingsDifferentialTest {

    private static final int GRAPHS = 2;
    private static final int WRITES = 12;
    private static final List<Tlp> CLEARANCES = List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.RED);

    @Autowired
    ExposureService exposure;
    @Autowired
    RiskService risk;
    @Autowired
    RiskProperties properties;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    GraphWriter graphWriter;
    @Autowired
    Neo4jClient neo4jClient;
    @Autowired
    ChangeFeed changeFeed;

    /** One ranking asked: filters (concentration only), date and clearance. */
    private record Asked(Set<String> categories, Set<String> kinds, LocalDate asOf, Tlp clearance) {
    }

    @Test
    void theRankingsFromTheReadModelEqualTheirCypherOracles() {
        Random random = new Random(20261201L);
        RandomGraphs graphs = new RandomGraphs(fixtures, neo4jClient, graphWriter);
        int compared = 0;
        int nonEmpty = 0;
        for (int g = 0; g < GRAPHS; g++) {
            int organisations = 8 + random.nextInt(8);
            graphs.load(random, organisations);
            graphs.loadTaxonomyAndThreats(random, organisations);
            List<Asked> asked = new ArrayList<>();
            for (Tlp clearance : CLEARANCES) {
                asked.add(new Asked(null, null, LocalDate.now(ZoneOffset.UTC), clearance));
                asked.add(new Asked(random.nextBoolean() ? Set.of("health", "identity") : null,
                        random.nextBoolean() ? Set.of(RandomGraphs.KINDS[random.nextInt(RandomGraphs.KINDS.length)]) : null,
                        RandomGraphs.DATES[random.nextInt(RandomGraphs.DATES.length)], clearance));
            }
            for (int w = 0; w <= WRITES; w++) {
                String context = "graph " + g + (w == 0 ? ", as built" : ", after write " + w);
                for (int i = 0; i < asked.size(); i++) {
                    // Half the rankings are asked after every other write only: patched over two versions at once.
                    if (w % 2 == 1 && i % 2 == 1) {
                        continue;
                    }
                    nonEmpty += compare(asked.get(i), context);
                    compared++;
                }
                if (w == 3 || w == 8) {
                    // An actor exploiting a vulnerability moves threat facts; one alone must not (nothing recomputed).
                    boolean exploits = w == 8;
                    long generation = risk.threatGeneration();
                    graphs.actor("actor:new:" + g + ":" + w, exploits ? random.nextInt(3) : null);
                    graphWriter.sequence();
                    changeFeed.catchUp();
                    assertThat(risk.threatGeneration()).as("threat facts moved by a new actor that %s",
                            exploits ? "exploits a vulnerability" : "exploits nothing")
                            .isEqualTo(exploits ? generation + 1 : generation);
                } else if (w == 4) {
                    graphs.clientOffChains("client:off-chains:" + g, RandomGraphs.org(random.nextInt(organisations)));
                } else if (w == 5) {
                    // Its vendor's critical clients move, no chain does: patched, not recomputed whole.
                    graphs.rekindAsGpPractice("client:off-chains:" + g);
                } else if (random.nextInt(4) == 0) {
                    graphs.breach("incident:new:" + g + ":" + w, RandomGraphs.org(random.nextInt(organisations)),
                            RandomGraphs.TLP[random.nextInt(RandomGraphs.TLP.length)], true);
                } else {
                    graphs.write(random, organisations, g, w);
                }
            }
        }
        int asked = 2 * CLEARANCES.size();
        assertThat(compared).isEqualTo(GRAPHS * ((WRITES / 2 + 1) * asked + (WRITES + 1) / 2 * asked / 2));
        assertThat(nonEmpty).as("comparisons with a non-empty concentration table").isGreaterThan(compared / 2);
    }

    /** Compares both rankings for one question; 1 if the concentration table was not empty. */
    private int compare(Asked asked, String context) {
        Visibility visibility = new Visibility(asked.clearance());
        List<ConcentrationRisk> concentration = CurrentKey.runAs("test", Role.READER, asked.clearance(),
                () -> exposure.reach(asked.categories(), asked.kinds(), asked.asOf()));
        assertThat(concentration).as("%s: concentration %s", context, asked)
                .isEqualTo(exposure.reachByCypher(asked.categories(), asked.kinds(), asked.asOf(), visibility));
        if (asked.categories() == null && asked.kinds() == null) {
            List<RiskAssessment> ranking = CurrentKey.runAs("test", Role.READER, asked.clearance(),
                    () -> risk.assessments(500, null, null, asked.asOf()).items());
            List<RiskAssessment> expected = rankingByCypher(asked.asOf(), visibility);
            assertThat(ranking).as("%s: risk ranking %s", context, asked).isEqualTo(expected);
            // Paged three at a time from a minimum score (the middle one's): the same vendors, in the same order.
            if (!expected.isEmpty()) {
                double minScore = expected.get(expected.size() / 2).score();
                List<RiskAssessment> paged = new ArrayList<>();
                String after = null;
                do {
                    String cursor = after;
                    var page = CurrentKey.runAs("test", Role.READER, asked.clearance(),
                            () -> risk.assessments(3, cursor, minScore, asked.asOf()));
                    paged.addAll(page.items());
                    assertThat(page.getTotalCount()).as("%s: vendors from score %s", context, minScore)
                            .isEqualTo(expected.stream().filter(a -> a.score() >= minScore).count());
                    after = page.getPageInfo().isHasNextPage() ? page.getPageInfo().getEndCursor().getValue() : null;
                } while (after != null);
                assertThat(paged).as("%s: risk ranking from score %s, paged", context, minScore)
                        .isEqualTo(expected.stream().filter(a -> a.score() >= minScore).toList());
            }
        }
        return concentration.isEmpty() ? 0 : 1;
    }

    /** The risk ranking as computed before the read model served it: every vendor's facts from one query over the store. */
    private List<RiskAssessment> rankingByCypher(LocalDate asOf, Visibility visibility) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("ids", null);
        parameters.put("criticalKinds", properties.criticalKinds());
        parameters.put(Visibility.PARAMETER, visibility.levels());
        parameters.put(Validity.PARAMETER, asOf);
        Map<String, ConcentrationRisk> reach = new HashMap<>();
        exposure.reachByCypher(null, null, asOf, visibility).forEach(r -> reach.put(r.organisationId(), r));
        List<RiskAssessment> ranking = new ArrayList<>();
        neo4jClient.query(CypherQueries.load("risk-factors-oracle")).bindAll(parameters).fetch().all().forEach(row -> {
            String id = (String) row.get("vendorId");
            RiskService.Facts facts = new RiskService.Facts(num(row, "flows"), num(row, "criticalClients"),
                    num(row, "uncertainFlows"), num(row, "subProcessingDepth"), num(row, "incidents"),
                    num(row, "vulnerabilities"), ((Number) row.get("maxCvss")).doubleValue(), num(row, "actors"));
            ranking.add(risk.assess(id, reach.getOrDefault(id, ConcentrationRisk.of(id, asOf, 0, 0, null, 0)), facts));
        });
        ranking.sort(RiskAssessment.RANKING);
        return ranking;
    }

    private static int num(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).intValue();
    }
}
