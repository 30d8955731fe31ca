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
import org.exposuregraph.graph.ReadTransactions;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * Automated vendor-risk assessments: a deterministic 0–100 score from graph facts, each factor explained.
 * The formula is documented in docs/risk-model.md; weights come from {@link RiskProperties}.
 */
@Service
// No transaction around what the read model answers (an empty one costs two round trips per request): the threat
// query runs in a read transaction of its own (graph.ReadTransactions).
@EnableConfigurationProperties(RiskProperties.class)
public class RiskService {

    private static final Logger log = LoggerFactory.getLogger(RiskService.class);

    /** Change-record element kinds the threat facts ({@code risk-threats.cypher}) rest on: the nodes and the links. */
    private static final Set<String> THREAT_NODES = Set.of(
            org.exposuregraph.graph.Facts.INCIDENT, org.exposuregraph.graph.Facts.SOFTWARE,
            org.exposuregraph.graph.Facts.VULNERABILITY, org.exposuregraph.graph.Facts.THREAT_ACTOR);
    private static final Set<String> THREAT_LINKS = Set.of(
            org.exposuregraph.graph.Facts.BREACHED, org.exposuregraph.graph.Facts.RUNS,
            org.exposuregraph.graph.Facts.AFFECTS, org.exposuregraph.graph.Facts.EXPLOITS);

    private final Neo4jClient neo4jClient;
    private final ReadTransactions readTransactions;
    private final ExposureService exposure;
    private final ExposureIndex index;
    private final OrganisationService organisations;
    private final RiskProperties properties;
    private final String threatQuery;
    /**
     * The ranking of every vendor and the threat facts of every vendor, per date and clearance (hidden facts must not
     * move a score), each valid while the read model and the threat facts it was computed from have not moved.
     */
    private final Map<RankingKey, RankingTable> rankings = lru(2 * Tlp.values().length);
    private final Map<RankingKey, Threats> threats = lru(2 * Tlp.values().length);
    /**
     * Rankings a reader asked for within this long are brought up to date after each change; the others (another
     * date, an old query's) only at their next read, so writes do not keep recomputing what nobody reads.
     */
    static final java.time.Duration REFRESHED_WHILE_READ_WITHIN = java.time.Duration.ofMinutes(1);
    private final java.util.concurrent.ExecutorService rankingRefresher = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "ranking-refresh");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.atomic.AtomicBoolean refreshQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** Moves when the change record names anything the threat facts rest on. */
    private final AtomicLong threatGeneration = new AtomicLong();

    /** What a ranking depends on: the date (facts start and stop) and the caller's clearance. */
    record RankingKey(LocalDate asOf, Visibility visibility) {
    }

    /**
     * One ranking kept up to date: each vendor's direct facts as of a read-model version (patched for the vendors a
     * change reached, {@link ExposureIndex#vendorFactsSince}), its reach as of a version of the reach table (patched
     * the same way, {@link ExposureService#reachChangesSince}), and the vendors scored, kept in ranking order: after a
     * change only the vendors it moved are scored again. A new threat generation scores them all. Only scores are
     * ranked; an assessment with its explanations is made for the rows of the page asked.
     */
    private static final class RankingTable {
        long indexVersion = -1;
        long reachVersion = -1;
        long threatGeneration = -1;
        final Map<String, ExposureIndex.VendorFacts> direct = new HashMap<>();
        final Map<String, ConcentrationRisk> reach = new HashMap<>();
        final Map<String, Scored> scored = new HashMap<>();
        final java.util.TreeSet<Scored> ranked = new java.util.TreeSet<>(Scored.RANKING);
        /** When a reader last asked for it ({@link System#nanoTime()}): only rankings in use are refreshed. */
        volatile long lastRead = System.nanoTime();
    }

    /** A vendor's score with what it was computed from, to make its assessment if a page shows it. */
    private record Scored(String vendorId, double score, ConcentrationRisk reach, Facts facts) {
        static final java.util.Comparator<Scored> RANKING = RiskAssessment.ranking(Scored::score, Scored::vendorId);
    }

    private record Threats(long generation, Map<String, ThreatFacts> byVendor) {
    }

    /** The graph facts behind the non-exposure factors of one vendor. */
    record Facts(int flows, int criticalClients, int uncertainFlows, int subProcessingDepth, int incidents,
                 int vulnerabilities, double maxCvss, int actors) {
        static final Facts NONE = new Facts(0, 0, 0, 0, 0, 0, 0, 0);

        static Facts of(ExposureIndex.VendorFacts direct, ThreatFacts threat) {
            return new Facts(direct.flows(), direct.criticalClients(), direct.uncertainFlows(), direct.subProcessingDepth(),
                    threat.incidents(), threat.vulnerabilities(), threat.maxCvss(), threat.actors());
        }
    }

    /** The facts of {@code risk-threats.cypher}: those the read model does not hold. */
    record ThreatFacts(int incidents, int vulnerabilities, double maxCvss, int actors) {
        static final ThreatFacts NONE = new ThreatFacts(0, 0, 0, 0);
    }

    RiskService(Neo4jClient neo4jClient, ReadTransactions readTransactions, ExposureService exposure, ExposureIndex index,
                OrganisationService organisations, RiskProperties properties, ChangeFeed changeFeed) {
        this.neo4jClient = neo4jClient;
        this.readTransactions = readTransactions;
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
                refreshRankingsSoon();
            }

            @Override
            public void rebuildNeeded() {
                threatGeneration.incrementAndGet();
            }
        });
    }

    /**
     * Brings the rankings held up to date on a thread of their own, once the read model has applied a change: a read
     * then finds them current instead of patching them itself (a read arriving meanwhile waits for the patch, no
     * longer than it would have taken it). Requests in the meantime coalesce into one pass.
     */
    private void refreshRankingsSoon() {
        if (!refreshQueued.compareAndSet(false, true)) {
            return;
        }
        rankingRefresher.execute(() -> {
            refreshQueued.set(false);
            List<RankingKey> held;
            synchronized (rankings) {
                held = List.copyOf(rankings.keySet());
            }
            for (RankingKey key : held) {
                try {
                    CurrentKey.runAs("ranking refresh", Role.READER, key.visibility().clearance(), () -> {
                        refresh(key);
                        return null;
                    });
                } catch (RuntimeException e) {
                    // The next read brings it up to date itself.
                    log.debug("Refreshing the ranking for {} failed: {}", key, e.toString());
                }
            }
        });
    }

    @PreDestroy
    void stopRefreshing() {
        rankingRefresher.shutdownNow();
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
        Scored from = after == null ? null : parseCursor(after);
        // Ranked by score: those at or above minScore come before a vendor scored minScore with the last possible id.
        Scored below = minScore == null ? null : new Scored("\uffff", minScore, null, null);
        long[] eligible = new long[1];
        List<Scored> rows = withRanking(new RankingKey(Validity.dateOrToday(asOf), Visibility.current()), ranked -> {
            java.util.NavigableSet<Scored> shown = below == null ? ranked : ranked.headSet(below, false);
            eligible[0] = below == null ? ranked.size() : shown.size();
            return (from == null ? shown : shown.tailSet(from, false)).stream().limit(Page.rowsToRead(size)).toList();
        });
        List<RiskAssessment> assessments = rows.stream()
                .map(scored -> assess(scored.vendorId(), scored.reach(), scored.facts())).toList();
        return Page.of(assessments, size, RiskService::cursorOf, () -> eligible[0]);
    }

    /**
     * Runs {@code read} on every vendor scored, highest first, brought up to date: the vendors whose direct facts or
     * reach moved since the ranking's versions are scored again; all of them when the threat facts moved; a look-up
     * when nothing did.
     */
    private <T> T withRanking(RankingKey key, java.util.function.Function<java.util.NavigableSet<Scored>, T> read) {
        RankingTable table;
        synchronized (rankings) {
            table = rankings.computeIfAbsent(key, k -> new RankingTable());
        }
        table.lastRead = System.nanoTime();
        synchronized (table) {
            bringUpToDate(key, table);
            return read.apply(table.ranked);
        }
    }

    /**
     * Brings one held ranking up to date, if a reader asked for it lately (the others wait for their next read). Only
     * patches: a read model that must be built again from the store is left to the next read.
     */
    private void refresh(RankingKey key) {
        RankingTable table = rankings.get(key);
        if (table == null || System.nanoTime() - table.lastRead > REFRESHED_WHILE_READ_WITHIN.toNanos()
                || !index.isBuilt()) {
            return;
        }
        synchronized (table) {
            bringUpToDate(key, table);
        }
    }

    private void bringUpToDate(RankingKey key, RankingTable table) {
        long generation = threatGeneration.get();
        ExposureIndex.VendorFactsUpdate direct = index.vendorFactsSince(table.indexVersion, key.asOf(),
                key.visibility(), properties.criticalKinds());
        ExposureService.ReachChanges reach = exposure.reachChangesSince(table.reachVersion, key.asOf());
        boolean all = generation != table.threatGeneration || direct.complete() || reach.complete();
        if (all || direct.version() != table.indexVersion || reach.version() != table.reachVersion) {
            Map<String, ThreatFacts> threatFacts = allThreats(key.asOf());
            Set<String> moved = new java.util.HashSet<>();
            if (direct.complete()) {
                table.direct.clear();
            }
            if (reach.complete()) {
                table.reach.clear();
            }
            direct.recomputed().forEach(table.direct::remove);
            direct.facts().forEach(facts -> table.direct.put(facts.vendorId(), facts));
            moved.addAll(direct.recomputed());
            direct.facts().forEach(facts -> moved.add(facts.vendorId()));
            reach.reaches().forEach((id, now) -> {
                if (now == null) {
                    table.reach.remove(id);
                } else {
                    table.reach.put(id, now);
                }
                moved.add(id);
            });
            if (all) {
                table.scored.clear();
                table.ranked.clear();
                moved.addAll(table.direct.keySet());
            }
            for (String id : moved) {
                Scored before = table.scored.remove(id);
                if (before != null) {
                    table.ranked.remove(before);
                }
                ExposureIndex.VendorFacts vendor = table.direct.get(id);
                if (vendor != null) {
                    Facts facts = Facts.of(vendor, threatFacts.getOrDefault(id, ThreatFacts.NONE));
                    ConcentrationRisk vendorReach = table.reach.getOrDefault(id,
                            ConcentrationRisk.of(id, key.asOf(), 0, 0, null, 0));
                    Scored now = new Scored(id, score(factorValues(vendorReach, facts)), vendorReach, facts);
                    table.scored.put(id, now);
                    table.ranked.add(now);
                }
            }
            table.indexVersion = direct.version();
            table.reachVersion = reach.version();
            table.threatGeneration = generation;
        }
    }

    /** Whether the ranking for this date and clearance is held and has applied all the read model has (for tests). */
    boolean holdsCurrentRanking(LocalDate asOf, Tlp clearance) {
        RankingTable table = rankings.get(new RankingKey(asOf, new Visibility(clearance)));
        if (table == null) {
            return false;
        }
        synchronized (table) {
            return table.indexVersion == index.version() && table.threatGeneration == threatGeneration.get();
        }
    }

    /** Whether the ranking for this date and clearance is held, up to date or not (for tests). */
    boolean holdsRanking(LocalDate asOf, Tlp clearance) {
        return rankings.containsKey(new RankingKey(asOf, new Visibility(clearance)));
    }

    private static String cursorOf(RiskAssessment assessment) {
        return String.format(Locale.ROOT, "%.4f|%s", assessment.score(), assessment.vendorId());
    }

    private static Scored parseCursor(String after) {
        Page.KeyedCursor<Double> cursor = Page.keyedCursor(after, Double::valueOf);
        return new Scored(cursor.id(), cursor.key(), null, null);
    }

    /** Each vendor's facts ({@code ids} null: every organisation that receives data the caller may see). */
    private Map<String, Facts> facts(List<String> ids, LocalDate asOf) {
        Map<String, ThreatFacts> threatFacts = ids == null ? allThreats(asOf) : threats(ids, asOf);
        Map<String, Facts> result = new HashMap<>();
        for (ExposureIndex.VendorFacts direct : index.vendorFacts(ids, asOf, Visibility.current(), properties.criticalKinds())) {
            result.put(direct.vendorId(), Facts.of(direct, threatFacts.getOrDefault(direct.vendorId(), ThreatFacts.NONE)));
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
        readTransactions.run(() -> neo4jClient.query(threatQuery).bindAll(parameters).fetch().all()).forEach(row -> result.put((String) row.get("vendorId"),
                new ThreatFacts(num(row, "incidents"), num(row, "vulnerabilities"), ((Number) row.get("maxCvss")).doubleValue(),
                        num(row, "actors"))));
        return Map.copyOf(result);
    }

    private static int num(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).intValue();
    }

    /** The factors' raw values (0–1) and weights, in the order of {@link #FACTOR_NAMES}. */
    private double[][] factorValues(ConcentrationRisk reach, Facts facts) {
        RiskProperties.Weights w = properties.weights();
        int clients = reach.dependentClients();
        long people = reach.people() == null ? 0 : reach.people();
        return new double[][] {
                {reach.meanSensitivity() / 5.0, w.dataSensitivity()},
                {clients == 0 ? 0 : (double) reach.specialCategoryClients() / clients, w.specialCategoryShare()},
                {Math.min(1, Math.log10(1 + people) / 7), w.dataVolume()},
                {Math.min(1, Math.log10(1 + clients) / 5), w.clientBreadth()},
                {facts.flows() == 0 ? 0 : (double) facts.criticalClients() / facts.flows(), w.criticalClients()},
                {Math.min(facts.subProcessingDepth(), 4) / 4.0, w.subProcessingDepth()},
                {Math.min(facts.incidents(), 3) / 3.0, w.incidentHistory()},
                {Math.min(facts.actors(), 3) / 3.0, w.threatActors()},
                {facts.maxCvss() / 10.0, w.vulnerabilities()},
                {facts.flows() == 0 ? 0 : (double) facts.uncertainFlows() / facts.flows(), w.uncertainty()}};
    }

    private static final List<String> FACTOR_NAMES = List.of("dataSensitivity", "specialCategoryShare", "dataVolume",
            "clientBreadth", "criticalClients", "subProcessingDepth", "incidentHistory", "threatActors", "vulnerabilities",
            "uncertainty");

    /** Each factor's contribution to the score: its value (rounded to 4 places) times its share of the weights. */
    private static double[] contributions(double[][] raw) {
        double totalWeight = java.util.Arrays.stream(raw).mapToDouble(r -> r[1]).sum();
        double[] contributions = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            contributions[i] = totalWeight == 0 ? 0 : 100 * raw[i][1] * round(raw[i][0], 4) / totalWeight;
        }
        return contributions;
    }

    private static double score(double[][] raw) {
        double score = 0;
        for (double contribution : contributions(raw)) {
            score += contribution;
        }
        return round(score, 2);
    }

    RiskAssessment assess(String vendorId, ConcentrationRisk reach, Facts facts) {
        int clients = reach.dependentClients();
        long people = reach.people() == null ? 0 : reach.people();
        double[][] raw = factorValues(reach, facts);
        double[] contributions = contributions(raw);
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
        List<RiskAssessment.RiskFactor> factors = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            factors.add(new RiskAssessment.RiskFactor(FACTOR_NAMES.get(i), round(raw[i][0], 4), raw[i][1],
                    round(contributions[i], 2), explanations.get(i)));
        }
        return new RiskAssessment(vendorId, reach.asOf(), score(raw), List.copyOf(factors));
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
