package org.exposuregraph.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * A seeded synthetic national-scale exposure graph (docs/performance.md describes it):
 * organisations of every kind (GP practices, trusts, clinics, government, vendors, others), data flows
 * whose processors follow a Zipf(1.0) popularity over vendors (heavy tail: the top vendor has over
 * 100,000 clients at national scale), sub-processing between vendors mostly towards more popular ones
 * (chains up to depth 5 and more) plus a few back-edges that close cycles, software, vulnerabilities,
 * actors and incidents. Same seed, same graph.
 */
final class NationalGraphGenerator {

    /** Sizes of one scale. */
    record Scale(String name, int gps, int trusts, int clinics, int government, int vendors, int others, int flows,
                 int subProcessing, int cycles, int software, int vulnerabilities, int actors, int incidents) {

        static Scale of(String name) {
            return switch (name) {
                case "national" -> new Scale(name, 7_000, 220, 3_000, 500, 20_000, 219_280, 2_000_000, 60_000, 110, 2_000, 1_000, 60, 500);
                case "regional" -> new Scale(name, 700, 22, 300, 50, 2_000, 21_928, 200_000, 6_000, 11, 200, 200, 20, 100);
                case "small" -> new Scale(name, 70, 3, 30, 5, 200, 2_192, 20_000, 600, 3, 40, 40, 8, 20);
                default -> throw new IllegalArgumentException("bench.scale must be small, regional or national, was " + name);
            };
        }

        int organisations() {
            return gps + trusts + clinics + government + vendors + others;
        }
    }

    static final int CATEGORIES = 40;
    static final int SPECIAL = 10;
    private static final int BATCH = 10_000;

    final Scale scale;
    final Random random = new Random(20211102L);
    final String[] orgIds;
    final String[] kinds;
    /** Vendors in popularity order: vendorIndex[0] is the most popular (Zipf rank 1). */
    final int[] vendorIndex;
    final double[] zipfCumulative;
    final List<String> incidentIds = new ArrayList<>();
    final List<String> actorIds = new ArrayList<>();

    NationalGraphGenerator(Scale scale) {
        this.scale = scale;
        int n = scale.organisations();
        orgIds = new String[n];
        kinds = new String[n];
        vendorIndex = new int[scale.vendors()];
        int i = 0;
        i = fill(i, scale.gps(), "GP_PRACTICE", "gp-");
        i = fill(i, scale.trusts(), "NHS_TRUST", "trust-");
        i = fill(i, scale.clinics(), "PRIVATE_CLINIC", "clinic-");
        i = fill(i, scale.government(), "GOVERNMENT", "gov-");
        int firstVendor = i;
        i = fill(i, scale.vendors(), "VENDOR", "vendor-");
        for (int v = 0; v < scale.vendors(); v++) {
            vendorIndex[v] = firstVendor + v; // vendor-000000 is the most popular
        }
        String[] otherKinds = {"OTHER", "CHARITY", "LOCAL_AUTHORITY", "OTHER"};
        for (int o = 0; o < scale.others(); o++, i++) {
            orgIds[i] = "org-" + o;
            kinds[i] = otherKinds[o % otherKinds.length];
        }
        zipfCumulative = new double[scale.vendors()];
        double sum = 0;
        for (int r = 0; r < scale.vendors(); r++) {
            sum += 1.0 / (r + 1);
            zipfCumulative[r] = sum;
        }
    }

    private int fill(int from, int count, String kind, String prefix) {
        for (int k = 0; k < count; k++) {
            orgIds[from + k] = prefix + String.format("%06d", k);
            kinds[from + k] = kind;
        }
        return from + count;
    }

    /** A Zipf-distributed vendor rank in [0, bound). */
    int zipfRank(int bound) {
        double u = random.nextDouble() * zipfCumulative[bound - 1];
        int lo = 0;
        int hi = bound - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipfCumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    String vendor(int rank) {
        return orgIds[vendorIndex[rank]];
    }

    static String category(int c) {
        return "cat-" + c;
    }

    /** 2–5 categories; health bodies mostly special-category (cat-0..9) data. */
    List<String> flowCategories(String kind) {
        boolean health = kind.equals("GP_PRACTICE") || kind.equals("NHS_TRUST") || kind.equals("PRIVATE_CLINIC");
        int count = 2 + random.nextInt(4);
        List<String> result = new ArrayList<>(count);
        while (result.size() < count) {
            int c = health && random.nextInt(3) > 0 ? random.nextInt(SPECIAL) : SPECIAL + random.nextInt(CATEGORIES - SPECIAL);
            String id = category(c);
            if (!result.contains(id)) {
                result.add(id);
            }
        }
        return result;
    }

    int people(String kind) {
        return switch (kind) {
            case "GP_PRACTICE" -> 2_000 + random.nextInt(10_000);
            case "NHS_TRUST" -> 20_000 + random.nextInt(200_000);
            case "GOVERNMENT" -> 1_000 + random.nextInt(50_000);
            default -> 10 + random.nextInt(2_000);
        };
    }

    /** Loads everything; returns seconds per step. */
    Map<String, Double> load(Driver driver) throws Exception {
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        long t = System.nanoTime();
        write(driver, "UNWIND $rows AS r CREATE (:DataCategory {id: r.id, name: r.id, specialCategory: r.special, sensitivity: r.sensitivity})",
                CATEGORIES, c -> Map.of("id", category(c), "special", c < SPECIAL, "sensitivity", c < SPECIAL ? 5 - c % 2 : 1 + c % 4), 1);
        write(driver, "UNWIND $rows AS r CREATE (:Organisation {id: r.id, name: r.id, kind: r.kind, status: 'ACTIVE'})",
                orgIds.length, i -> Map.of("id", orgIds[i], "kind", kinds[i]), 2);
        seconds.put("organisations", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        // Flows: each client picks distinct processors by Zipf until the total is reached.
        int clients = orgIds.length;
        double perClient = (double) scale.flows() / clients;
        List<Map<String, Object>> rows = new ArrayList<>(BATCH);
        int made = 0;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> pending = new ArrayList<>();
        for (int c = 0; c < clients && made < scale.flows(); c++) {
            int k = (int) perClient + (random.nextDouble() < perClient - (int) perClient ? 1 : 0);
            java.util.Set<Integer> chosen = new java.util.HashSet<>();
            for (int j = 0; j < k && made < scale.flows(); j++) {
                int rank = zipfRank(scale.vendors());
                if (vendorIndex[rank] == c || !chosen.add(rank)) {
                    continue;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("c", orgIds[c]);
                row.put("p", vendor(rank));
                row.put("cats", flowCategories(kinds[c]));
                row.put("people", people(kinds[c]));
                row.put("conf", 30 + random.nextInt(70));
                // Dates on some flows, for the asOf variants; from the flow's number, not the random source,
                // so the graph's shape is the same as without them.
                row.put("since", made % 4 == 0 ? java.time.LocalDate.of(2019, 1, 1).plusDays(made % 1000) : null);
                row.put("until", made % 10 == 0 ? java.time.LocalDate.of(2022, 3, 1) : null);
                rows.add(row);
                made++;
                if (rows.size() == BATCH) {
                    List<Map<String, Object>> batch = rows;
                    pending.add(writers.submit(() -> run(driver, """
                            UNWIND $rows AS r
                            MATCH (c:Organisation {id: r.c}), (p:Organisation {id: r.p})
                            CREATE (c)-[:ENTRUSTS {id: r.c + '>' + r.p, categories: r.cats, people: r.people, confidence: r.conf,
                                           since: r.since, until: r.until}]->(p)
                            """, batch)));
                    rows = new ArrayList<>(BATCH);
                    if (pending.size() > 4) {
                        pending.remove(0).get();
                    }
                }
            }
        }
        List<Map<String, Object>> last = rows;
        pending.add(writers.submit(() -> run(driver, """
                UNWIND $rows AS r
                MATCH (c:Organisation {id: r.c}), (p:Organisation {id: r.p})
                CREATE (c)-[:ENTRUSTS {id: r.c + '>' + r.p, categories: r.cats, people: r.people, confidence: r.conf,
                                           since: r.since, until: r.until}]->(p)
                """, last)));
        for (Future<?> f : pending) {
            f.get();
        }
        writers.shutdown();
        seconds.put("flows (" + made + ")", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        // Sub-processing: a vendor passes data on to more popular vendors (cloud, scanning, storage) …
        List<Map<String, Object>> subs = new ArrayList<>();
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        while (subs.size() < scale.subProcessing() - scale.cycles()) {
            int from = 1 + random.nextInt(scale.vendors() - 1);
            int to = zipfRank(from);
            if (pairs.add((long) from * scale.vendors() + to)) {
                subs.add(sub(from, to));
            }
        }
        // … and a few pass data back down, closing cycles.
        while (subs.size() < scale.subProcessing()) {
            int from = random.nextInt(Math.max(1, scale.vendors() / 100));
            int to = scale.vendors() / 100 + random.nextInt(scale.vendors() - scale.vendors() / 100);
            if (pairs.add((long) from * scale.vendors() + to)) {
                subs.add(sub(from, to));
            }
        }
        for (int s = 0; s < subs.size(); s += BATCH) {
            run(driver, """
                    UNWIND $rows AS r
                    MATCH (a:Organisation {id: r.a}), (b:Organisation {id: r.b})
                    CREATE (a)-[:SUBPROCESSES_TO {id: r.a + '>>' + r.b, categories: r.cats, confidence: r.conf}]->(b)
                    """, subs.subList(s, Math.min(subs.size(), s + BATCH)));
        }
        seconds.put("sub-processing", (System.nanoTime() - t) / 1e9);

        t = System.nanoTime();
        threats(driver);
        seconds.put("software, vulnerabilities, actors, incidents", (System.nanoTime() - t) / 1e9);
        return seconds;
    }

    private Map<String, Object> sub(int from, int to) {
        Map<String, Object> row = new HashMap<>();
        row.put("a", vendor(from));
        row.put("b", vendor(to));
        List<String> cats = null;
        if (random.nextInt(10) < 7) {
            cats = new ArrayList<>();
            int count = 4 + random.nextInt(12);
            while (cats.size() < count) {
                String id = category(random.nextInt(CATEGORIES));
                if (!cats.contains(id)) {
                    cats.add(id);
                }
            }
        }
        row.put("cats", cats);
        row.put("conf", 30 + random.nextInt(70));
        return row;
    }

    private void threats(Driver driver) {
        write(driver, "UNWIND $rows AS r CREATE (:Software {id: r.id, name: r.id})", scale.software(),
                s -> Map.of("id", "sw-" + s), 1);
        write(driver, """
                UNWIND $rows AS r CREATE (x:Vulnerability {id: r.id, name: r.id, cvss: r.cvss})
                WITH x, r MATCH (s:Software {id: r.sw}) CREATE (x)-[:AFFECTS]->(s)""", scale.vulnerabilities(),
                v -> Map.of("id", "CVE-2099-" + v, "cvss", 3.0 + random.nextInt(70) / 10.0, "sw", "sw-" + random.nextInt(scale.software())), 1);
        // Vendors run 1–3 pieces of software.
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int v = 0; v < scale.vendors(); v++) {
            int n = 1 + random.nextInt(3);
            java.util.Set<Integer> sw = new java.util.HashSet<>();
            for (int k = 0; k < n; k++) {
                sw.add(random.nextInt(scale.software()));
            }
            for (int s : sw) {
                runs.add(Map.of("o", vendor(v), "s", "sw-" + s));
            }
        }
        for (int s = 0; s < runs.size(); s += BATCH) {
            run(driver, """
                    UNWIND $rows AS r MATCH (o:Organisation {id: r.o}), (s:Software {id: r.s})
                    CREATE (o)-[:RUNS {id: r.o + '-runs-' + r.s, confidence: 60}]->(s)""", runs.subList(s, Math.min(runs.size(), s + BATCH)));
        }
        for (int a = 0; a < scale.actors(); a++) {
            actorIds.add("actor-" + a);
        }
        write(driver, "UNWIND $rows AS r CREATE (:ThreatActor {id: r.id, name: r.id, type: r.type, aliases: [], externalIds: []})",
                scale.actors(), a -> Map.of("id", actorIds.get(a), "type", a % 3 == 0 ? "MALWARE" : "INTRUSION_SET"), 1);
        write(driver, """
                UNWIND $rows AS r MATCH (a:ThreatActor {id: r.a}), (x:Vulnerability {id: r.x})
                MERGE (a)-[:EXPLOITS {id: r.a + '-exploits-' + r.x, confidence: 70}]->(x)""", scale.actors() * 2,
                i -> Map.of("a", actorIds.get(i % scale.actors()), "x", "CVE-2099-" + random.nextInt(scale.vulnerabilities())), 1);
        write(driver, """
                UNWIND $rows AS r MATCH (a:ThreatActor {id: r.a}), (b:ThreatActor {id: r.b}) WHERE a <> b
                CREATE (a)-[:USES {id: r.a + '-uses-' + r.b, confidence: 80}]->(b)""", scale.actors() / 3,
                i -> Map.of("a", actorIds.get(3 * i + 1), "b", actorIds.get(3 * i)), 1);
        for (int i = 0; i < scale.incidents(); i++) {
            incidentIds.add("incident-" + i);
        }
        write(driver, """
                UNWIND $rows AS r
                CREATE (i:Incident {id: r.id, name: r.id, kind: 'RANSOMWARE', discovered: date(r.discovered), leakStatus: 'PUBLISHED', confidence: 80})
                WITH i, r
                MATCH (v:Organisation {id: r.v}), (a:ThreatActor {id: r.a}), (c:DataCategory {id: r.c})
                CREATE (i)-[:BREACHED {id: r.id + '-breached', confidence: 90}]->(v),
                       (i)-[:ATTRIBUTED_TO {id: r.id + '-by', confidence: 70}]->(a),
                       (i)-[:LEAKED {id: r.id + '-leaked', confidence: 50}]->(c)""", scale.incidents(),
                i -> Map.of("id", incidentIds.get(i), "discovered", java.time.LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)).toString(),
                        "v", vendor(50 + zipfRank(scale.vendors() - 50)), "a", actorIds.get(random.nextInt(scale.actors())),
                        "c", category(random.nextInt(CATEGORIES))), 1);
    }

    private void write(Driver driver, String cypher, int count, IntFunction<Map<String, Object>> row, int writers) {
        List<Map<String, Object>> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row.apply(i));
        }
        if (writers == 1) {
            for (int s = 0; s < rows.size(); s += BATCH) {
                run(driver, cypher, rows.subList(s, Math.min(rows.size(), s + BATCH)));
            }
            return;
        }
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int s = 0; s < rows.size(); s += BATCH) {
            batches.add(rows.subList(s, Math.min(rows.size(), s + BATCH)));
        }
        batches.parallelStream().forEach(batch -> run(driver, cypher, batch));
    }

    private static void run(Driver driver, String cypher, List<Map<String, Object>> rows) {
        try (Session session = driver.session()) {
            session.executeWrite(tx -> tx.run(cypher, Map.of("rows", rows)).consume());
        }
    }
}
