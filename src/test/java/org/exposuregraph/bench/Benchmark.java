package org.exposuregraph.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import org.exposuregraph.ExposureGraphApplication;
import org.exposuregraph.graph.ChangeFeed;
import org.exposuregraph.exposure.CypherQueries;
import org.exposuregraph.exposure.Validity;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.neo4j.autoconfigure.Neo4jConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark: loads a seeded synthetic graph into the embedded database and prints, for every
 * analysis, p50/p95/p99 through the GraphQL HTTP API and for the same Cypher straight through the
 * driver, plus load time and peak heap; then the same reads with no writes and under a steady write stream
 * ({@link WriteStreamPhase}), optionally beside the Neo4j GraphQL library ({@link PeerServer}), and the table of
 * issue 13's targets ({@link Targets}). Run with (docs/performance.md, benchmark/README.md):
 * <pre>
 *   mvn -B test -Pbench -Dbench.scale=national   # 250k organisations, 2M flows; needs ~8 GB RAM
 *   mvn -B test -Pbench -Dbench.scale=small      # CI smoke test, under a minute of load
 *   mvn -B test -Pbench -Dbench.peer=true        # with the peer (needs Node.js 20+ and npm)
 * </pre>
 * Options: {@code bench.writeRate} (writes/s, default 10), {@code bench.writeSeconds} (per phase), {@code bench.readers}.
 * Results also go to {@code target/bench-<scale>.md}. Skipped unless {@code bench.scale} is set.
 */
@EnabledIfSystemProperty(named = "bench.scale", matches = ".+")
class Benchmark {

    private static final String API_KEY = "bench-admin-key-000000001";
    /** The write stream's key: an editor, as an inventory sync or a STIX feed would have. */
    private static final String WRITER_KEY = "bench-writer-key-00000001";
    /** The benchmark's key is cleared to RED: its direct Cypher sees every marking, as the API does for it. */
    private static final List<String> SEES_ALL = Tlp.RED.visibleNames();
    /** The date the Cypher columns ask for, as the API's default. */
    private static final java.time.LocalDate TODAY = Validity.dateOrToday(null);

    private final StringBuilder report = new StringBuilder();
    private BenchApi api;
    private Driver driver;
    private NationalGraphGenerator graph;

    @Test
    void run() throws Exception {
        NationalGraphGenerator.Scale scale = NationalGraphGenerator.Scale.of(System.getProperty("bench.scale"));
        boolean big = scale.name().equals("national");
        int iterations = Integer.getInteger("bench.iterations", 10);
        Path dir = Path.of("target", "bench-graph-" + scale.name() + "-" + System.nanoTime());
        String pageCache = System.getProperty("bench.pagecache", big ? "2500MB" : "256MB");
        boolean withPeer = Boolean.getBoolean("bench.peer");
        // Known, so that the peer can read the same store over the embedded database's Bolt port.
        String boltPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        // Command-line arguments: they win over application.yaml (builder default properties would not).
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ExposureGraphApplication.class).run(
                "--exposuregraph.data-dir=" + dir.toAbsolutePath(),
                "--exposuregraph.embedded.bolt-port=0",
                "--exposuregraph.embedded.temporary=true",
                "--exposuregraph.embedded.page-cache=" + pageCache,
                "--exposuregraph.embedded.transaction-timeout=900s",
                "--exposuregraph.embedded.bolt-password=" + boltPassword,
                "--exposuregraph.seed.enabled=false",
                // The first answer after the load waits for the read model's build (national: longer than 30 s).
                "--exposuregraph.security.limits.deadline=600s",
                "--exposuregraph.security.api-keys=" + API_KEY + ":ADMIN:RED," + WRITER_KEY + ":EDITOR:RED",
                "--exposuregraph.security.requests-per-minute=1000000",
                // The read model's figures, if the application publishes them (admin key only).
                "--management.endpoints.web.exposure.include=health,metrics",
                "--server.port=0")) {
            driver = app.getBean(Driver.class);
            URI graphqlUri = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/graphql");
            api = new BenchApi(graphqlUri, API_KEY);
            graph = new NationalGraphGenerator(scale);

            line("# ExposureGraph benchmark, scale `%s`", scale.name());
            line("");
            line("Machine: %d cores, %s, JDK %s, heap max %d MB, page cache %s; load average at start %.1f.",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20, pageCache,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            long start = System.nanoTime();
            Map<String, Double> steps = graph.load(driver);
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            line("");
            line("## Load: %.1f s in total", loadSeconds);
            steps.forEach((step, s) -> line("- %s: %.1f s", step, s));
            describeGraph();
            // The generator writes over Bolt, around the change record: the read model starts again from the store,
            // as at an application start, and its first answer waits for that build.
            long build = System.nanoTime();
            app.getBean(ChangeFeed.class).rebuildAll();
            String first = api.graphql("query($v: ID!) { vendorExposure(vendorId: $v, maxDepth: 1) { totalClients } }", Map.of("v", top));
            // An empty read model answers fast and wrongly: every figure after this would measure nothing.
            assertThat(first).as("the top vendor's exposure through the API").doesNotContain("\"totalClients\":0");
            line("- read model built from the store, through the first answer: %.1f s", (System.nanoTime() - build) / 1e9);
            try (Session session = driver.session()) {
                session.executeWrite(tx -> tx.run("CREATE (:BenchTick {n: 0})").consume());
            }
            measureAll(iterations, big);
            measureUnderWrites(scale, big, new BenchApi(graphqlUri, WRITER_KEY), withPeer
                    ? app.getBean(Neo4jConnectionDetails.class).getUri() : null, boltPassword);
            line("");
            line("Peak heap (all heap pools, since JVM start): %d MB", peakHeapMb());
            System.out.println(report);
            Files.writeString(Path.of("target", "bench-" + scale.name() + ".md"), report.toString());
        }
    }

    private String top;
    private String median;
    private final List<String> mediumVendors = new ArrayList<>();

    private void describeGraph() {
        try (Session session = driver.session()) {
            var counts = session.run("""
                    MATCH (o:Organisation) WITH count(o) AS orgs
                    MATCH ()-[f:ENTRUSTS]->() WITH orgs, count(f) AS flows
                    MATCH ()-[s:SUBPROCESSES_TO]->() RETURN orgs, flows, count(s) AS subs""").single();
            var degrees = session.run("""
                    MATCH (v:Organisation {kind: 'VENDOR'})
                    WITH v, COUNT { (v)<-[:ENTRUSTS]-() } AS clients
                    WHERE clients > 0
                    RETURN v.id AS id, clients ORDER BY clients DESC, id""").list();
            top = degrees.get(0).get("id").asString();
            median = degrees.get(degrees.size() / 2).get("id").asString();
            for (int i = 0; i < 10; i++) {
                mediumVendors.add(degrees.get(Math.min(degrees.size() - 1, 20 + i * 37)).get("id").asString());
            }
            line("");
            line("## Graph: %d organisations, %d flows, %d sub-processing links", counts.get("orgs").asLong(),
                    counts.get("flows").asLong(), counts.get("subs").asLong());
            line("- top vendor `%s`: %d direct clients; then %d, %d; median vendor `%s`: %d", top,
                    degrees.get(0).get("clients").asInt(), degrees.get(1).get("clients").asInt(), degrees.get(2).get("clients").asInt(),
                    median, degrees.get(degrees.size() / 2).get("clients").asInt());
        }
    }

    /** Issue 13's phase: the same reads with no writes and under a write stream, the peer beside them, the targets. */
    private void measureUnderWrites(NationalGraphGenerator.Scale scale, boolean big, BenchApi writer, URI peerBolt,
                                    String boltPassword) throws Exception {
        WriteStreamPhase phase = new WriteStreamPhase(graph, top, median, Double.parseDouble(System.getProperty("bench.writeRate", "10")),
                Duration.ofSeconds(Integer.getInteger("bench.writeSeconds", scale.name().equals("small") ? 15 : 60)),
                Integer.getInteger("bench.readers", 1));
        List<WriteStreamPhase.Read> reads = phase.ourReads();
        WriteStreamPhase.Result ours = phase.measure(api, reads, writer, "bench-ours");
        WriteStreamPhase.Result peer = null;
        if (peerBolt != null) {
            try (PeerServer server = PeerServer.start(peerBolt, "neo4j", boltPassword)) {
                peer = phase.measure(new BenchApi(server.graphql(), null), phase.peerReads(), writer, "bench-peer");
            }
        }
        Map<String, String> readModel = WriteStreamPhase.readModelMetrics(api);
        report.append(phase.report(reads, ours, peer, readModel));
        if (peer != null) {
            line("");
            line("Peer: %s, on the same store over Bolt (no TLP, validity or sub-processing rules: the stored graph as it is).",
                    PeerServer.versions());
        }
        report.append(new Targets().table(scale.name(), ours, peer, readModel));
        System.out.println(report.substring(report.lastIndexOf("\n## Under a steady write stream") + 1));
    }

    private void measureAll(int n, boolean big) {
        line("");
        line("## Latency (ms). API = GraphQL over HTTP on loopback; Cypher = the query behind it through the Bolt driver, all rows consumed.");
        line("Warm = repeated with no write in between (answers served from the per-graph-version cache); cold = a write before each call invalidates every cache.");
        line("");
        line("| operation | API warm p50 | p95 | p99 | API cold p50 | p95 | Cypher p50 | p95 | p99 | rows/answer |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        String exposure = CypherQueries.load("vendor-exposure").replace("$maxSubProcessing", "2");
        String firstPage = """
                query($v: ID!) { vendorExposure(vendorId: $v, maxDepth: 3) {
                  totalClients totalPeople categoryStats { category { id } clients people }
                  clients(first: 100) { totalCount pageInfo { endCursor hasNextPage } edges { node { client { id name kind } hops categories { id } people } } } } }""";
        String whole = """
                query($v: ID!) { vendorExposure(vendorId: $v, maxDepth: 3) {
                  totalClients totalPeople categories { id }
                  exposedClients { client { id name kind } categories { id specialCategory } hops direct path { id } people confidence disputed } } }""";
        int cold = big ? 2 : 5;
        op("vendorExposure top vendor, first 100 + totals", n, cold, i -> gql(firstPage, Map.of("v", top)),
                i -> cypher(exposure, params(List.of(top))));
        // The same answer as of a past date (some flows start later or have ended by today): its cost against
        // today's line above shows what the validity rule adds (target: at most 1.2x).
        String firstPageAsOf = firstPage.replace("query($v: ID!) { vendorExposure(vendorId: $v, maxDepth: 3) {",
                "query($v: ID!, $d: Date) { vendorExposure(vendorId: $v, maxDepth: 3, asOf: $d) {");
        op("vendorExposure top vendor, first 100 + totals, asOf 2020-06-01", n, cold,
                i -> gql(firstPageAsOf, Map.of("v", top, "d", "2020-06-01")),
                i -> {
                    Map<String, Object> p = params(List.of(top));
                    p.put(Validity.PARAMETER, java.time.LocalDate.of(2020, 6, 1));
                    return cypher(exposure, p);
                });
        op("vendorExposure median vendor, whole answer", n, n, i -> gql(whole, Map.of("v", median)),
                i -> cypher(exposure, params(List.of(median))));
        op("vendorExposure median vendor, first 100 + totals", n, n, i -> gql(firstPage, Map.of("v", median)),
                i -> cypher(exposure, params(List.of(median))));
        op("simulateBreach 3 mid-popular vendors", n, n,
                i -> gql("query($v: [ID!]!) { simulateBreach(vendorIds: $v) { totalClients totalPeople categoryStats { clients } clients(first: 100) { edges { node { client { id } } } } } }",
                        Map.of("v", mediumVendors.subList(i % 7, i % 7 + 3))),
                i -> cypher(exposure, params(mediumVendors.subList(i % 7, i % 7 + 3))));
        op("incidentImpact (a different incident each call)", n, n,
                i -> gql("query($i: ID!) { incidentImpact(incidentId: $i) { totalClients totalPeople categories { id } leakedCategories { id } notifications { controller { id } deadline notifyIndividuals reason } } }",
                        Map.of("i", graph.incidentIds.get(i % graph.incidentIds.size()))),
                i -> cypher(exposure, params(ids("MATCH (:Incident {id: $i})-[:BREACHED]->(v:Organisation) RETURN collect(v.id) AS ids",
                        Map.of("i", graph.incidentIds.get(i % graph.incidentIds.size()))))));
        op("threatActorReach (a different actor each call)", n, n,
                i -> gql("query($a: ID!) { threatActorReach(actorId: $a) { incidents { id } atRiskVendors { id } atRiskClients { client { id } people } } }",
                        Map.of("a", graph.actorIds.get(i % graph.actorIds.size()))),
                i -> {
                    try (Session session = driver.session()) {
                        List<String> vendors = session.executeRead(tx -> tx.run(CypherQueries.load("threat-actor-reach"),
                                Map.<String, Object>of("actorId", graph.actorIds.get(i % graph.actorIds.size()),
                                        Visibility.PARAMETER, SEES_ALL, Validity.PARAMETER, TODAY)).single()
                                .get("atRiskVendorIds").asList(org.neo4j.driver.Value::asString));
                        return vendors.isEmpty() ? 0 : cypher(exposure, params(vendors));
                    }
                });
        op("supplyChain of a GP practice, maxDepth 3", n, n,
                i -> gql("query($c: ID!) { supplyChain(clientId: $c) { links { organisation { id } software { id } hops path { id } categories { id } } } }",
                        Map.of("c", String.format("gp-%06d", i * 13 % graph.scale.gps()))),
                i -> cypher(CypherQueries.load("supply-chain").replace("$maxSubProcessing", "2"), Map.of("clientId", String.format("gp-%06d", i * 13 % graph.scale.gps()),
                        Visibility.PARAMETER, SEES_ALL, Validity.PARAMETER, TODAY)));
        op("vendorRiskAssessment (a different mid vendor each call)", n, n,
                i -> gql("query($v: ID!) { vendorRiskAssessment(vendorId: $v) { score factors { name value contribution } } }",
                        Map.of("v", mediumVendors.get(i % mediumVendors.size()))),
                i -> cypher(CypherQueries.load("risk-factors-oracle"), Map.of("ids", List.of(mediumVendors.get(i % mediumVendors.size())),
                        "criticalKinds", List.of("GP_PRACTICE", "NHS_TRUST"), Visibility.PARAMETER, SEES_ALL, Validity.PARAMETER, TODAY)));
        // Whole-graph batch answers: one cold call each (they dominate the run time), then warm.
        op("concentrationRisk first 20 (whole graph)", n, 1,
                i -> gql("{ concentrationRisk(first: 20) { organisation { id } dependentClients specialCategoryClients people score } }", Map.of()),
                null);
        op("concentrationRisk first 20, category cat-0, GP practices", n, 1,
                i -> gql("{ concentrationRisk(first: 20, category: \"cat-0\", kind: GP_PRACTICE) { organisation { id } dependentClients score } }", Map.of()),
                null);
        op("vendorRiskAssessments first 20 (whole graph)", n, 1,
                i -> gql("{ vendorRiskAssessments(first: 20) { totalCount edges { node { vendor { id } score } } } }", Map.of()),
                null);
        op("CSV export, median vendor", n, n, i -> csv(median), null);
    }

    private Map<String, Object> params(List<String> vendors) {
        Map<String, Object> p = new HashMap<>();
        p.put("vendorIds", vendors);
        p.put("categories", null);
        p.put("kinds", null);
        p.put(Visibility.PARAMETER, SEES_ALL);
        p.put(Validity.PARAMETER, TODAY);
        return p;
    }

    private void op(String name, int warm, int cold, IntFunction<Integer> api, IntFunction<Integer> direct) {
        long[] coldTimes = new long[cold];
        int rows = 0;
        for (int i = 0; i < cold; i++) {
            invalidate();
            long t = System.nanoTime();
            rows = api.apply(i);
            coldTimes[i] = System.nanoTime() - t;
        }
        long[] warmTimes = new long[warm];
        for (int i = 0; i < warm; i++) {
            long t = System.nanoTime();
            api.apply(name.contains("different") || name.contains("supplyChain") || name.contains("simulate") ? i : 0);
            warmTimes[i] = System.nanoTime() - t;
        }
        String cypherCells = "– | – | –";
        if (direct != null) {
            // The top vendor's raw query costs as much as a cold call: as many runs as cold calls.
            long[] cypherTimes = new long[name.contains("top vendor") ? cold : warm];
            for (int i = 0; i < cypherTimes.length; i++) {
                long t = System.nanoTime();
                direct.apply(name.contains("different") || name.contains("supplyChain") || name.contains("simulate") ? i : 0);
                cypherTimes[i] = System.nanoTime() - t;
            }
            cypherCells = String.format(Locale.ROOT, "%s | %s | %s", ms(cypherTimes, 50), ms(cypherTimes, 95), ms(cypherTimes, 99));
        }
        line("| %s | %s | %s | %s | %s | %s | %s | %d |", name, ms(warmTimes, 50), ms(warmTimes, 95), ms(warmTimes, 99),
                ms(coldTimes, 50), ms(coldTimes, 95), cypherCells, rows);
        System.out.println(report.substring(report.lastIndexOf("\n| ", report.length() - 2) + 1));
    }

    /** A committed write moves the graph version, so every cached answer is recomputed. */
    private void invalidate() {
        try (Session session = driver.session()) {
            session.executeWrite(tx -> tx.run("MATCH (t:BenchTick) SET t.n = t.n + 1").consume());
        }
    }

    private int gql(String query, Map<String, Object> variables) {
        return api.graphql(query, variables).length();
    }

    private int csv(String vendor) {
        HttpResponse<String> response = api.get("/api/exports/exposure.csv?vendorId=" + vendor);
        assertThat(response.statusCode()).isEqualTo(200);
        return (int) response.body().lines().count();
    }

    private List<String> ids(String query, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(query, parameters).single().get("ids").asList(org.neo4j.driver.Value::asString));
        }
    }

    private int cypher(String query, Map<String, Object> parameters) {
        try (Session session = driver.session()) {
            return session.executeRead(tx -> tx.run(query, parameters).list().size());
        }
    }

    private static String ms(long[] nanos, int percentile) {
        return Latencies.cell(Latencies.percentileMs(nanos, percentile));
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
