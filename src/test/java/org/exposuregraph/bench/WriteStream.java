package org.exposuregraph.bench;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A steady stream of writes through the API, as a deployment sees all day (inventory syncs, STIX feeds,
 * analysts' edits), at a fixed rate: in every ten writes a new client organisation, three flows added (one of
 * them to the median vendor), two flows ended, three edits of existing organisations, one STIX actor import.
 * <p>
 * The freshness probe: after each flow to the median vendor commits (its mutation answered), a second thread
 * asks {@code vendorExposure} of the median vendor until the new client is in the answer; the time in between
 * is the freshness lag. Only flows the probe has seen are ended, so the probe never waits for one that is gone.
 */
final class WriteStream {

    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final String SAVE_ORGANISATION = """
            mutation($in: OrganisationInput!) { saveOrganisation(input: $in) { organisation { id } errors { field message } } }""";
    private static final String SAVE_FLOW = """
            mutation($in: DataFlowInput!) { saveDataFlow(input: $in) { dataFlow { id } errors { field message } } }""";
    private static final String END_FLOW = """
            mutation($in: EndDataFlowInput!) { endDataFlow(input: $in) { dataFlow { id } errors { field message } } }""";
    private static final String PROBE = """
            query($v: ID!) { vendorExposure(vendorId: $v, maxDepth: 1) { clients(first: 500) { edges { node { client { id } } } } } }""";

    private final BenchApi api;
    private final NationalGraphGenerator graph;
    private final String median;
    private final double ratePerSecond;
    private final String prefix;
    private final Random random = new Random(20261130L);

    private final Latencies freshness = new Latencies();
    private final Map<String, Latencies> writeLatency = new ConcurrentHashMap<>();
    private final AtomicInteger probeTimeouts = new AtomicInteger();
    private final BlockingQueue<Committed> toProbe = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> seenByProbe = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running;
    private Thread writer;
    private Thread probe;
    private long startedNanos;
    private long stoppedNanos;
    private int written;
    /** Client and processor of this round's first random flow, which the round ends again. */
    private String[] endNext;

    private record Committed(String client, long atNanos) {
    }

    /**
     * @param prefix distinguishes this stream's new organisations from an earlier stream's in the same store
     */
    WriteStream(BenchApi api, NationalGraphGenerator graph, String median, double ratePerSecond, String prefix) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("bench.writeRate must be above 0 writes/s, was " + ratePerSecond);
        }
        this.api = api;
        this.graph = graph;
        this.median = median;
        this.ratePerSecond = ratePerSecond;
        this.prefix = prefix;
    }

    void start() {
        running = true;
        startedNanos = System.nanoTime();
        writer = thread("bench-writer", this::writeSteadily);
        probe = thread("bench-freshness-probe", this::probeFreshness);
    }

    /** Stops writing, lets the probe finish the flows it waits for, and fails with the first error either thread met. */
    void stop() throws InterruptedException {
        running = false;
        writer.join();
        stoppedNanos = System.nanoTime();
        probe.join();
        if (failure.get() != null) {
            throw new AssertionError("the write stream failed", failure.get());
        }
    }

    int writes() {
        return written;
    }

    double achievedRate() {
        return written / ((stoppedNanos - startedNanos) / 1e9);
    }

    /** Commit → first answer showing it, one sample per flow written to the median vendor. */
    Latencies freshness() {
        return freshness;
    }

    int probeTimeouts() {
        return probeTimeouts.get();
    }

    /** Each kind of write's own latency, in the order first written. */
    Map<String, Latencies> writeLatency() {
        Map<String, Latencies> ordered = new LinkedHashMap<>();
        List.of("new organisation", "flow added", "flow ended", "organisation edited", "STIX actor import").forEach(kind -> {
            if (writeLatency.containsKey(kind)) {
                ordered.put(kind, writeLatency.get(kind));
            }
        });
        return ordered;
    }

    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                running = false;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * One of each kind of write, unmeasured and without the probe, so that the measured stream does not pay for the
     * write path's first calls (class loading, JIT). Its new flow to the median vendor stays.
     */
    void warmUp() {
        for (int k = 0; k < 10; k++) {
            write(k);
        }
        writeLatency.clear();
    }

    /** One write every 1/rate seconds from the start; a late write is not made up for (the achieved rate says so). */
    private void writeSteadily() {
        long period = (long) (1e9 / ratePerSecond);
        for (int k = 0; running; k++) {
            long wait = startedNanos + k * period - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!running) {
                return;
            }
            write(k);
            written++;
        }
    }

    /** The k-th write of the mix (see the class comment); ten make a round, each round with its own new client. */
    private void write(int k) {
        String client = prefix + "-client-" + k / 10;
        switch (k % 10) {
            case 0 -> timed("new organisation", () -> saveOrganisation(client, client, "OTHER"));
            case 1 -> {
                timed("flow added", () -> saveFlow(client, median));
                toProbe.add(new Committed(client, System.nanoTime()));
            }
            case 2, 6 -> {
                String processor = graph.vendor(graph.zipfRank(graph.scale.vendors()));
                timed("flow added", () -> saveFlow(client, processor));
                if (k % 10 == 2) {
                    endNext = new String[] {client, processor};
                }
            }
            case 4 -> {
                String seen = seenByProbe.poll();
                if (seen != null) {
                    timed("flow ended", () -> endFlow(seen, median));
                } else {
                    editOrganisation(k);
                }
            }
            case 5 -> timed("STIX actor import", () -> importActor(k));
            case 8 -> {
                String[] flow = endNext;
                timed("flow ended", () -> endFlow(flow[0], flow[1]));
            }
            default -> editOrganisation(k);
        }
    }

    private void timed(String kind, Runnable write) {
        long t = System.nanoTime();
        write.run();
        writeLatency.computeIfAbsent(kind, x -> new Latencies()).add(System.nanoTime() - t);
    }

    private void editOrganisation(int k) {
        int index = random.nextInt(graph.orgIds.length);
        timed("organisation edited", () -> saveOrganisation(graph.orgIds[index], graph.orgIds[index] + " (edit " + k + ")",
                graph.kinds[index]));
    }

    private void saveOrganisation(String id, String name, String kind) {
        api.mutate("saveOrganisation", SAVE_ORGANISATION, Map.of("in", Map.of("id", id, "name", name, "kind", kind)));
    }

    private void saveFlow(String client, String processor) {
        api.mutate("saveDataFlow", SAVE_FLOW, Map.of("in", Map.of("client", client, "processor", processor,
                "categories", List.of(NationalGraphGenerator.category(NationalGraphGenerator.SPECIAL),
                        NationalGraphGenerator.category(NationalGraphGenerator.SPECIAL + 1)),
                "people", 100)));
    }

    private void endFlow(String client, String processor) {
        api.mutate("endDataFlow", END_FLOW, Map.of("in", Map.of("client", client, "processor", processor,
                "reason", "benchmark write stream")));
    }

    /** A one-actor STIX bundle, as a threat feed delivers many times a day. */
    private void importActor(int k) {
        String bundle = BenchApi.JSON.writeValueAsString(Map.of("type", "bundle", "id", "bundle--" + UUID.randomUUID(),
                "objects", List.of(Map.of("type", "intrusion-set", "spec_version", "2.1",
                        "id", "intrusion-set--" + UUID.randomUUID(), "name", prefix + " actor " + k))));
        HttpResponse<String> response = api.post("/api/imports/stix", "application/json", bundle);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void probeFreshness() {
        while (running || !toProbe.isEmpty()) {
            Committed committed;
            try {
                committed = toProbe.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (committed == null) {
                continue;
            }
            String needle = "\"id\":\"" + committed.client() + "\"";
            while (true) {
                boolean visible = api.graphql(PROBE, Map.of("v", median)).contains(needle);
                long now = System.nanoTime();
                if (visible) {
                    freshness.add(now - committed.atNanos());
                    seenByProbe.add(committed.client());
                    break;
                }
                if (now - committed.atNanos() > PROBE_TIMEOUT_NANOS) {
                    probeTimeouts.incrementAndGet();
                    break;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
