package org.exposuregraph.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.Page;
import org.exposuregraph.exposure.ConcentrationRisk;
import org.exposuregraph.exposure.CypherQueries;
import org.exposuregraph.exposure.ExposedClient;
import org.exposuregraph.exposure.ExposureIndex;
import org.exposuregraph.exposure.ExposureService;
import org.exposuregraph.exposure.Validity;
import org.exposuregraph.exposure.VendorExposure;
import org.exposuregraph.graph.Change;
import org.exposuregraph.graph.ChangeFeed;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Automated vendor-risk assessments: a deterministic 0–100 score from graph facts, each factor explained.
 * The formula is documented in docs/risk-model.md; weights come from {@link RiskProperties}.
 */
@Service
@Transactional(readOnly = true)
@EnableConfigurationProperties(RiskProperties.class)
public class RiskService {

    /** Change-record element kinds the threat facts ({@code risk-threats.cypher}) rest on: the nodes and the links. */
    private static final Set<String> THREAT_NODES = Set.of(
            org.exposuregraph.graph.Facts.INCIDENT, org.exposuregraph.graph.Facts.SOFTWARE,
            org.exposuregraph.graph.Facts.VULNERABILITY, org.exposuregraph.graph.Facts.THREAT_ACTOR);
    private static final Set<String> THREAT_LINKS = Set.of(
            org.exposuregraph.graph.Facts.BREACHED, org.exposuregraph.graph.Facts.RUNS,
            org.exposuregraph.graph.Facts.AFFECTS, org.exposuregraph.graph.Facts.EXPLOITS);

    private final Neo4jClient neo4jClient;
    private final ExposureService exposure;
    private final ExposureIndex index;
    private final OrganisationService organisations;
    private final RiskProperties properties;
    private final String threatQuery;
    /**
     * The ranking of every vendor and the threat facts of every vendor, per date and clearance (hidden facts must not
     * move a score), each valid while the read model and the threat facts it was computed from have not moved.
     */
    private final Map<RankingKey, Ranked> rankings = lru(2 * Tlp.values().length);
    private final Map<RankingKey, Threats> threats = lru(2 * Tlp.values().length);
    /** Moves when the change record names anything the threat facts rest on. */
    private final AtomicLong threatGeneration = new AtomicLong();

    /** What a ranking depends on: the date (facts start and stop) and the caller's clearance. */
    record RankingKey(LocalDate asOf, Visibility visibility) {
    }

    private record Ranked(long indexVersion, long threatGeneration, List<RiskAssessment> assessments) {
    }

    private record Threats(long generation, Map<String, ThreatFacts> byVendor) {
    }

    /** The graph facts behind the non-exposure factors of one vendor. */
    record Facts(int flows, int criticalClients, int uncertainFlows, int subProcessingDepth, int incidents,
                 int vulnerabilities, double maxCvss, int actors) {
        static final Facts NONE = new Facts(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** The facts of {@code risk-threats.cypher}: those the read model does not hold. */
    record ThreatFacts(int incidents, int vulnerabilities, double maxCvss, int actors) {
        static final ThreatFacts NONE = new ThreatFacts(0, 0, 0, 0);
    }

    RiskService(Neo4jClient neo4jClient, ExposureService exposure, ExposureIndex index, OrganisationService organisations,
                RiskProperties properties, ChangeFeed changeFeed) {
        this.neo4jClient = neo4jClient;
        this.exposure = exposure;
        this.index = index;
        this.organisations = organisations;
        this.properties = properties;
        this.threatQuery = CypherQueries.load("risk-threats");
        changeFeed.register(new ChangeFeed.Listener() {
            @Override
            public void changed(List<Change> batch) {
                if (batch.stream().anyMatch(RiskService::movesThreatFacts)) {
                    threatGeneration.incrementAndGet();
                }
            }

            @Override
            public void rebuildNeeded() {
                threatGeneration.incrementAndGet();
            }
        });
    }

    /**
     * Whether a change may move some vendor's threat facts: a threat link written, or a threat node changed, ended or
     * removed. A node created alone moves none — a threat feed's new actor with no known exploit, the usual STIX
     * import — for nothing links it to a vendor until a link is written, and that link is named in the same entry.
     */
    static boolean movesThreatFacts(Change change) {
        return java.util.stream.Stream.of(change.created(), change.updated(), change.ended(), change.removed())
                .flatMap(List::stream).anyMatch(element -> THREAT_LINKS.contains(kindOf(element)))
                || java.util.stream.Stream.of(change.updated(), change.ended(), change.removed())
                .flatMap(List::stream).anyMatch(element -> THREAT_NODES.contains(kindOf(element)));
    }

    private static String kindOf(String element) {
        int colon = element.indexOf(':');
        return colon > 0 ? element.substring(0, colon) : element;
    }

    /** Moves when the threat facts may have moved (for tests: a created actor alone leaves it). */
    long threatGeneration() {
        return threatGeneration.get();
    }

    private static <K, V> Map<K, V> lru(int size) {
        return java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        });
    }

    /** One vendor, computed from its own exposure (the same numbers the ranking uses). */
    public RiskAssessment assess(String vendorId, LocalDate asOf) {
        organisations.require(vendorId);
        LocalDate date = Validity.dateOrToday(asOf);
        VendorExposure reached = exposure.exposureOf(List.of(vendorId), ExposureService.DEFAULT_DEPTH, null, null, date);
        long sensitivitySum = reached.exposedClients().stream().mapToLong(ExposedClient::maxSensitivity).sum();
        int special = (int) reached.exposedClients().stream().filter(ExposedClient::specialCategory).count();
        ConcentrationRisk reach = ConcentrationRisk.of(vendorId, date, reached.totalClients(), special, reached.totalPeople(), sensitivitySum);
        return assess(vendorId, reach, facts(List.of(vendorId), date).getOrDefault(vendorId, Facts.NONE));
    }

    /** Every organisation that receives data, highest score first; pages forward from {@code after}. */
    public Page<RiskAssessment> assessments(Integer first, String after, Double minScore, LocalDate asOf) {
        int size = Page.checkPageSize(first);
        if (minScore != null && (minScore < 0 || minScore > 100)) {
            throw new BadRequestException("'minScore' must be between 0 and 100, was " + minScore);
        }
        String cursor = Page.decodeCursor(after);
        RiskAssessment from = cursor == null ? null : parseCursor(cursor);
        RankingKey key = new RankingKey(Validity.dateOrToday(asOf), Visibility.current());
        List<RiskAssessment> ranked = ranking(key).stream()
                .filter(a -> minScore == null || a.score() >= minScore).toList();
        List<RiskAssessment> rows = ranked.stream()
                .filter(a -> from == null || RiskAssessment.RANKING.compare(a, from) > 0)
                .limit(size + 1L).toList();
        return Page.of(rows, size, RiskService::cursorOf, () -> ranked.size());
    }

    /**
     * Every vendor's assessment, highest first: recomputed when the read model moved (its reach table is patched,
     * not recomputed; the other facts are a pass over memory) or the threat facts did; a look-up otherwise.
     */
    private List<RiskAssessment> ranking(RankingKey key) {
        long indexVersion = index.version();
        long generation = threatGeneration.get();
        Ranked cached = rankings.get(key);
        if (cached != null && cached.indexVersion() == indexVersion && cached.threatGeneration() == generation) {
            return cached.assessments();
        }
        List<RiskAssessment> assessments = assessAll(key.asOf());
        rankings.put(key, new Ranked(indexVersion, generation, assessments));
        return assessments;
    }

    private static String cursorOf(RiskAssessment assessment) {
        return String.format(Locale.ROOT, "%.4f|%s", assessment.score(), assessment.vendorId());
    }

    private static RiskAssessment parseCursor(String cursor) {
        int bar = cursor.indexOf('|');
        try {
            return new RiskAssessment(cursor.substring(bar + 1), null, Double.parseDouble(cursor.substring(0, bar)), List.of());
        } catch (RuntimeException e) {
            throw new BadRequestException("'after' is not a cursor returned by this API");
        }
    }

    private List<RiskAssessment> assessAll(LocalDate asOf) {
        Map<String, Facts> facts = facts(null, asOf);
        Map<String, ConcentrationRisk> reach = new HashMap<>();
        exposure.reach(null, null, asOf).forEach(r -> reach.put(r.organisationId(), r));
        List<RiskAssessment> result = new ArrayList<>();
        facts.forEach((id, f) -> result.add(assess(id, reach.getOrDefault(id, ConcentrationRisk.of(id, asOf, 0, 0, null, 0)), f)));
        result.sort(RiskAssessment.RANKING);
        return List.copyOf(result);
    }

    /** Each vendor's facts ({@code ids} null: every organisation that receives data the caller may see). */
    private Map<String, Facts> facts(List<String> ids, LocalDate asOf) {
        Map<String, ThreatFacts> threatFacts = ids == null ? allThreats(asOf) : threats(ids, asOf);
        Map<String, Facts> result = new HashMap<>();
        for (ExposureIndex.VendorFacts direct : index.vendorFacts(ids, asOf, Visibility.current(), properties.criticalKinds())) {
            ThreatFacts threat = threatFacts.getOrDefault(direct.vendorId(), ThreatFacts.NONE);
            result.put(direct.vendorId(), new Facts(direct.flows(), direct.criticalClients(), direct.uncertainFlows(),
                    direct.subProcessingDepth(), threat.incidents(), threat.vulnerabilities(), threat.maxCvss(), threat.actors()));
        }
        return result;
    }

    /** The threat facts of every vendor, cached per date and clearance until the change record names one of theirs. */
    private Map<String, ThreatFacts> allThreats(LocalDate asOf) {
        RankingKey key = new RankingKey(asOf, Visibility.current());
        long generation = threatGeneration.get();
        Threats cached = threats.get(key);
        if (cached != null && cached.generation() == generation) {
            return cached.byVendor();
        }
        Map<String, ThreatFacts> byVendor = threats(null, asOf);
        threats.put(key, new Threats(generation, byVendor));
        return byVendor;
    }

    private Map<String, ThreatFacts> threats(List<String> ids, LocalDate asOf) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("ids", ids);
        parameters.put(Visibility.PARAMETER, Visibility.current().levels());
        parameters.put(Validity.PARAMETER, asOf);
        Map<String, ThreatFacts> result = new HashMap<>();
        neo4jClient.query(threatQuery).bindAll(parameters).fetch().all().forEach(row -> result.put((String) row.get("vendorId"),
                new ThreatFacts(num(row, "incidents"), num(row, "vulnerabilities"), ((Number) row.get("maxCvss")).doubleValue(),
                        num(row, "actors"))));
        return Map.copyOf(result);
    }

    private static int num(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).intValue();
    }

    RiskAssessment assess(String vendorId, ConcentrationRisk reach, Facts facts) {
        RiskProperties.Weights w = properties.weights();
        int clients = reach.dependentClients();
        long people = reach.people() == null ? 0 : reach.people();
        List<double[]> raw = List.of(
                new double[] {reach.meanSensitivity() / 5.0, w.dataSensitivity()},
                new double[] {clients == 0 ? 0 : (double) reach.specialCategoryClients() / clients, w.specialCategoryShare()},
                new double[] {Math.min(1, Math.log10(1 + people) / 7), w.dataVolume()},
                new double[] {Math.min(1, Math.log10(1 + clients) / 5), w.clientBreadth()},
                new double[] {facts.flows() == 0 ? 0 : (double) facts.criticalClients() / facts.flows(), w.criticalClients()},
                new double[] {Math.min(facts.subProcessingDepth(), 4) / 4.0, w.subProcessingDepth()},
                new double[] {Math.min(facts.incidents(), 3) / 3.0, w.incidentHistory()},
                new double[] {Math.min(facts.actors(), 3) / 3.0, w.threatActors()},
                new double[] {facts.maxCvss() / 10.0, w.vulnerabilities()},
                new double[] {facts.flows() == 0 ? 0 : (double) facts.uncertainFlows() / facts.flows(), w.uncertainty()});
        List<String> names = List.of("dataSensitivity", "specialCategoryShare", "dataVolume", "clientBreadth", "criticalClients",
                "subProcessingDepth", "incidentHistory", "threatActors", "vulnerabilities", "uncertainty");
        List<String> explanations = List.of(
                String.format(Locale.ROOT, "Its %s expose data of mean highest sensitivity %.2f of 5",
                        counted(clients, "dependent client", "dependent clients"), reach.meanSensitivity()),
                reach.specialCategoryClients() + " of " + counted(clients, "dependent client", "dependent clients")
                        + (reach.specialCategoryClients() == 1 ? " exposes" : " expose") + " Article 9 special-category data to it",
                (reach.people() == null ? "No" : people + "") + " people's data known to reach it (log scale, 10 million = 1)",
                counted(clients, "client depends", "clients depend")
                        + " on it directly or through sub-processing within 3 hops (log scale, 100,000 = 1)",
                facts.criticalClients() + " of its " + counted(facts.flows(), "direct client", "direct clients")
                        + (facts.criticalClients() == 1 ? " is a" : " are") + " health or public "
                        + (facts.criticalClients() == 1 ? "body" : "bodies"),
                "It passes data on through chains of up to " + counted(facts.subProcessingDepth(), "sub-processor", "sub-processors")
                        + " (4 or more = 1)",
                counted(facts.incidents(), "recorded incident", "recorded incidents") + " in which it was breached (3 or more = 1)",
                counted(facts.actors(), "threat actor exploits", "threat actors exploit")
                        + " vulnerabilities in software it runs (3 or more = 1)",
                counted(facts.vulnerabilities(), "known vulnerability", "known vulnerabilities")
                        + " in software it runs; highest CVSS " + facts.maxCvss(),
                facts.uncertainFlows() + " of its " + counted(facts.flows(), "direct flow", "direct flows")
                        + (facts.uncertainFlows() == 1 ? " is" : " are") + " disputed or below 50% confidence");
        double totalWeight = raw.stream().mapToDouble(r -> r[1]).sum();
        List<RiskAssessment.RiskFactor> factors = new ArrayList<>();
        double score = 0;
        for (int i = 0; i < raw.size(); i++) {
            double value = round(raw.get(i)[0], 4);
            double weight = raw.get(i)[1];
            double contribution = totalWeight == 0 ? 0 : 100 * weight * value / totalWeight;
            score += contribution;
            factors.add(new RiskAssessment.RiskFactor(names.get(i), value, weight, round(contribution, 2), explanations.get(i)));
        }
        return new RiskAssessment(vendorId, reach.asOf(), round(score, 2), List.copyOf(factors));
    }

    /** A count with its noun, e.g. "1 recorded incident", "2 recorded incidents": the one place explanations count. */
    static String counted(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
