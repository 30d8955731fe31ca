package org.exposuregraph.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's phase under a steady write stream (docs/performance.md): the same reads, first with nothing
 * written (after one warm-up call each), then while a {@link WriteStream} writes through the API at a stated
 * rate; p50/p99 per read in both, their ratio, the achieved write rate and the freshness lag. The peer (the
 * Neo4j GraphQL library on the same store) is asked its comparable reads the same two ways.
 */
final class WriteStreamPhase {

    /** One read, asked again and again: a GraphQL query and its variables. */
    record Read(String name, String query, Map<String, Object> variables) {
    }

    /** A server's reads with no writes and under writes, and the stream that wrote meanwhile. */
    record Result(Map<String, Latencies> quiet, Map<String, Latencies> underWrites, WriteStream stream) {

        /** p50 under writes / p50 with none, per read. */
        double ratio(String read) {
            return underWrites.get(read).ms(50) / quiet.get(read).ms(50);
        }
    }

    static final String TOP_DIRECT = "top vendor, direct: first 100 + total";
    static final String TOP_TRANSITIVE = "top vendor, transitive: first page + totals";
    static final String MEDIAN_DIRECT = "median vendor, direct: first 100 + total";
    static final String MEDIAN_TRANSITIVE = "median vendor, transitive: first page + totals";
    static final String CONCENTRATION = "concentrationRisk(first: 20)";
    static final String RISK_RANKING = "vendorRiskAssessments(first: 20)";

    private static final String DIRECT = """
            query($v: ID!) { vendorExposure(vendorId: $v, maxDepth: 1) {
              totalClients clients(first: 100) { totalCount edges { node { client { id name kind } categories { id } people } } } } }""";
    private static final String TRANSITIVE = """
            query($v: ID!) { vendorExposure(vendorId: $v, maxDepth: 3) {
              totalClients totalPeople categoryStats { category { id } clients people }
              clients(first: 100) { totalCount pageInfo { endCursor hasNextPage } edges { node { client { id name kind } hops categories { id } people } } } } }""";
    /** The peer's nearest read: the vendor's direct clients with the flow's properties, and their count. */
    private static final String PEER_DIRECT = """
            query($v: ID!) { organisations(where: {id: {eq: $v}}) {
              clientsConnection(first: 100) { totalCount edges { properties { categories people } node { id name kind } } } } }""";

    private final NationalGraphGenerator graph;
    private final String top;
    private final String median;
    private final double writeRate;
    private final Duration duration;
    private final int readers;

    WriteStreamPhase(NationalGraphGenerator graph, String top, String median, double writeRate, Duration duration, int readers) {
        this.graph = graph;
        this.top = top;
        this.median = median;
        this.writeRate = writeRate;
        this.duration = duration;
        this.readers = readers;
    }

    /** ExposureGraph's reads of the targets. */
    List<Read> ourReads() {
        return List.of(
                new Read(TOP_DIRECT, DIRECT, Map.of("v", top)),
                new Read(TOP_TRANSITIVE, TRANSITIVE, Map.of("v", top)),
                new Read(MEDIAN_DIRECT, DIRECT, Map.of("v", median)),
                new Read(MEDIAN_TRANSITIVE, TRANSITIVE, Map.of("v", median)),
                new Read("incidentImpact (one incident)", """
                        query($i: ID!) { incidentImpact(incidentId: $i) { totalClients totalPeople categories { id } leakedCategories { id }
                          categoryStats { category { id } clients people } } }""", Map.of("i", graph.incidentIds.get(0))),
                new Read(CONCENTRATION, "{ concentrationRisk(first: 20) { organisation { id } dependentClients specialCategoryClients people score } }",
                        Map.of()),
                // The other whole-graph ranking: "fresh within a second" after a single-flow write (issue 13).
                new Read(RISK_RANKING, "{ vendorRiskAssessments(first: 20) { totalCount edges { node { vendor { id } score } } } }",
                        Map.of()));
    }

    /** The reads the peer can express, named as ours so that the table lines them up. */
    List<Read> peerReads() {
        return List.of(new Read(TOP_DIRECT, PEER_DIRECT, Map.of("v", top)), new Read(MEDIAN_DIRECT, PEER_DIRECT, Map.of("v", median)));
    }

    /** The reads with nothing written, then under a write stream through {@code writer} (new ids start with {@code prefix}). */
    Result measure(BenchApi reader, List<Read> reads, BenchApi writer, String prefix) throws Exception {
        new WriteStream(writer, graph, median, writeRate, prefix + "-warmup").warmUp();
        reads.forEach(read -> reader.graphql(read.query(), read.variables())); // warm-up: the quiet figures are repeated calls
        Map<String, Latencies> quiet = readUntilDeadline(reader, reads);
        WriteStream stream = new WriteStream(writer, graph, median, writeRate, prefix);
        stream.start();
        Map<String, Latencies> underWrites;
        try {
            underWrites = readUntilDeadline(reader, reads);
        } finally {
            stream.stop();
        }
        return new Result(quiet, underWrites, stream);
    }

    /** Every reader asks all the reads in turn (each starting elsewhere in the list) until the phase's time is up. */
    private Map<String, Latencies> readUntilDeadline(BenchApi api, List<Read> reads) throws Exception {
        Map<String, Latencies> latencies = new ConcurrentHashMap<>();
        reads.forEach(read -> latencies.put(read.name(), new Latencies()));
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                int offset = r;
                done.add(pool.submit(() -> {
                    do {
                        for (int i = 0; i < reads.size(); i++) {
                            Read read = reads.get((i + offset) % reads.size());
                            long t = System.nanoTime();
                            api.graphql(read.query(), read.variables());
                            latencies.get(read.name()).add(System.nanoTime() - t);
                        }
                    } while (System.nanoTime() < deadline);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    /** The phase's section of the report. */
    String report(List<Read> reads, Result ours, Result peer, Map<String, String> readModel) {
        StringBuilder out = new StringBuilder();
        line(out, "");
        line(out, "## Under a steady write stream (%.0f writes/s through the API, %d s per phase, %d reader%s)", writeRate,
                duration.toSeconds(), readers, readers == 1 ? "" : "s");
        line(out, "No writes = the same read repeated with nothing written (after one warm-up call); under writes = while the");
        line(out, "stream writes (flows added and ended, organisation edits, STIX actor imports). Ratio = p50 under writes / p50 with");
        line(out, "no writes (target ≤ 1.5×). Peer = the Neo4j GraphQL library on the same store (benchmark/peer), for the reads it can express.");
        line(out, "");
        line(out, "| read | no writes p50 | p99 | under writes p50 | p99 | ratio | calls | peer no writes p50 | peer under writes p50 | peer p50 / ours (under writes) |");
        line(out, "|---|---|---|---|---|---|---|---|---|---|");
        for (Read read : reads) {
            Latencies quiet = ours.quiet().get(read.name());
            Latencies busy = ours.underWrites().get(read.name());
            boolean peerHasIt = peer != null && peer.quiet().containsKey(read.name());
            line(out, "| %s | %s | %s | %s | %s | %s | %d / %d | %s | %s | %s |", read.name(), quiet.cell(50), quiet.cell(99),
                    busy.cell(50), busy.cell(99), times(ours.ratio(read.name())), quiet.count(), busy.count(),
                    peerHasIt ? peer.quiet().get(read.name()).cell(50) : "–",
                    peerHasIt ? peer.underWrites().get(read.name()).cell(50) : "–",
                    peerHasIt ? times(peer.underWrites().get(read.name()).ms(50) / busy.ms(50)) : "–");
        }
        WriteStream stream = ours.stream();
        line(out, "");
        line(out, "Writes: %d in the phase, **%.1f/s achieved** (asked %.1f/s). Latency per kind, p50 / p99 ms:", stream.writes(),
                stream.achievedRate(), writeRate);
        stream.writeLatency().forEach((kind, l) -> line(out, "- %s: %s / %s (%d)", kind, l.cell(50), l.cell(99), l.count()));
        if (stream.achievedRate() < 0.8 * writeRate) {
            line(out, "");
            line(out, "**The stream reached only %.0f %% of its rate** (each write waits for the one before): the reads \"under writes\""
                    + " followed fewer writes than asked, so their figures flatter the application.", 100 * stream.achievedRate() / writeRate);
        }
        Latencies lag = stream.freshness();
        line(out, "");
        line(out, "Freshness (a flow to the median vendor committed → first `vendorExposure` answer listing its client): "
                + "**p50 %s ms, max %s ms** over %d flows; %d not visible within 30 s.", lag.cell(50), lag.cell(100), lag.count(),
                stream.probeTimeouts());
        line(out, "");
        if (readModel.isEmpty()) {
            line(out, "Read model: the application exposes no read-model metric (`/actuator/metrics/*readmodel*`).");
        } else {
            line(out, "Read model (from `/actuator/metrics`):");
            readModel.forEach((name, value) -> line(out, "- `%s`: %s", name, value));
        }
        return out.toString();
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /**
     * The read model's figures, if the application publishes them: every metric whose name mentions a read model
     * (e.g. {@code exposuregraph.readmodel.build.time}, {@code exposuregraph.readmodel.memory}), as
     * "value unit". Empty when there are none or the metrics endpoint is not there.
     */
    static Map<String, String> readModelMetrics(BenchApi api) {
        Map<String, String> figures = new LinkedHashMap<>();
        try {
            var names = api.get("/actuator/metrics");
            if (names.statusCode() != 200) {
                return figures;
            }
            for (var name : BenchApi.JSON.readTree(names.body()).path("names")) {
                String metric = name.asString();
                String plain = metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
                if (!plain.contains("readmodel")) {
                    continue;
                }
                var detail = BenchApi.JSON.readTree(api.get("/actuator/metrics/" + metric).body());
                List<String> values = new ArrayList<>();
                detail.path("measurements").forEach(m -> values.add(m.path("statistic").asString() + " "
                        + String.format(Locale.ROOT, "%.3f", m.path("value").asDouble())));
                figures.put(metric, String.join(", ", values) + (detail.hasNonNull("baseUnit") ? " " + detail.path("baseUnit").asString() : ""));
            }
        } catch (RuntimeException e) {
            figures.clear(); // an optional figure: a missing or different endpoint leaves it out
        }
        return figures;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
