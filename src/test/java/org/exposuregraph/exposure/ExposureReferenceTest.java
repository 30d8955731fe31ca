package org.exposuregraph.exposure;

import org.exposuregraph.graph.OrganisationKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * Property-style check: on seeded random graphs (cycles, parallel routes, organisations that are both
 * client and processor, sub-processing that passes everything or a subset), every exposure analysis
 * answered over HTTP equals a brute-force reference written independently here: it walks forward from
 * every flow along every relationship-unique sub-processing chain, instead of backwards as the Cypher does.
 * Flows and sub-processing start and stop (random {@code since}/{@code until}); each graph is checked at several
 * dates (before every fact, between their starts and ends, today), the reference keeping only the facts that hold
 * on the date by its own reading of the rule: since absent or on/before the date, until absent or after it.
 */
@EmptyGraphTest
@SuppressWarnings("unchecked")
class ExposureReferenceTest {

    private static final int GRAPHS = 15;
    private static final String[] KINDS = {"GP_PRACTICE", "NHS_TRUST", "PRIVATE_CLINIC", "GOVERNMENT", "VENDOR"};

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4jClient;

    record Flow(String client, String processor, List<String> categories, Integer people, LocalDate since, LocalDate until) {
    }

    record Sub(String from, String to, List<String> categories, LocalDate since, LocalDate until) { // null categories = all passed on
    }

    /** The reference's own reading of "holds on this date", written independently of exposure.Validity. */
    static boolean holds(LocalDate since, LocalDate until, LocalDate date) {
        return (since == null || !since.isAfter(date)) && (until == null || until.isAfter(date));
    }

    /** The graph of the facts that hold on {@code date}. */
    static Graph on(Graph graph, LocalDate date) {
        return new Graph(graph.orgs(), graph.kinds(), graph.categories(),
                graph.flows().stream().filter(f -> holds(f.since(), f.until(), date)).toList(),
                graph.subs().stream().filter(s -> holds(s.since(), s.until(), date)).toList());
    }

    /** Before every fact started, on a start/end boundary, between them, after every end (null = today, the default). */
    private static final LocalDate[] DATES = {LocalDate.of(2019, 6, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2021, 6, 15), null};
    private static final LocalDate[] SINCE = {LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2022, 1, 1)};
    private static final LocalDate[] UNTIL = {LocalDate.of(2021, 1, 1), LocalDate.of(2022, 1, 1), LocalDate.of(2023, 1, 1)};

    record Category(String id, boolean special, int sensitivity, String parent) {
    }

    record Graph(List<String> orgs, Map<String, String> kinds, List<Category> categories, List<Flow> flows, List<Sub> subs) {
    }

    /** One client's reference answer. */
    record Expected(Set<String> categories, int hops, Integer people) {
    }

    @Test
    void everyAnalysisMatchesBruteForceOnRandomGraphs() {
        Random random = new Random(20260428L);
        for (int g = 0; g < GRAPHS; g++) {
            Graph whole = randomGraph(random);
            load(whole);
            // Two dates per graph, so that every date is met on several graphs without tripling the run time.
            for (int d = 0; d < 2; d++) {
                LocalDate asOf = DATES[(2 * g + d) % DATES.length];
                Graph graph = on(whole, asOf == null ? LocalDate.now(ZoneOffset.UTC) : asOf);
                String context = "graph " + g + " as of " + (asOf == null ? "today" : asOf) + ": " + whole;
                for (int q = 0; q < 3; q++) {
                    String vendor = graph.orgs().get(random.nextInt(graph.orgs().size()));
                    int depth = 1 + random.nextInt(5);
                    List<String> filter = random.nextInt(3) == 0 ? List.of(graph.categories().get(random.nextInt(4)).id()) : null;
                    List<String> kinds = random.nextInt(3) == 0 ? List.of(KINDS[random.nextInt(KINDS.length)], KINDS[random.nextInt(KINDS.length)]) : null;
                    checkVendorExposure(graph, vendor, depth, filter, kinds, asOf, context);
                }
                List<String> pair = List.of(graph.orgs().get(random.nextInt(graph.orgs().size())), graph.orgs().get(random.nextInt(graph.orgs().size())));
                checkSimulation(graph, pair, random.nextBoolean() ? List.of(graph.categories().get(random.nextInt(4)).id()) : null, asOf, context);
                String client = graph.orgs().get(random.nextInt(graph.orgs().size()));
                checkSupplyChain(graph, client, 1 + random.nextInt(5), asOf, context);
                checkConcentration(graph, asOf, context);
                if (!graph.flows().isEmpty()) { // a vendor is ranked only while something flows to it
                    checkRiskRankingAgreesWithSingleAssessments(graph, asOf, context);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the reference

    /** All routes from each flow forward; a route reaching a vendor at hops ≤ depth exposes the flow's client. */
    static Map<String, Expected> referenceExposure(Graph graph, Set<String> vendors, int depth, Set<String> filter, Set<String> kinds) {
        Map<String, Set<String>> cats = new TreeMap<>();
        Map<String, Integer> hops = new HashMap<>();
        Map<String, Integer> people = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Flow flow : graph.flows()) {
            if (vendors.contains(flow.client()) || (kinds != null && !kinds.contains(graph.kinds().get(flow.client())))) {
                continue;
            }
            Set<String> start = new TreeSet<>(flow.categories());
            if (filter != null) {
                start.retainAll(filter);
            }
            walk(graph, flow.processor(), start, 1, depth, new HashSet<>(), (node, reached, h) -> {
                if (vendors.contains(node) && !reached.isEmpty()) {
                    seen.add(flow.client());
                    cats.computeIfAbsent(flow.client(), k -> new TreeSet<>()).addAll(reached);
                    hops.merge(flow.client(), h, Math::min);
                    if (flow.people() != null) {
                        people.merge(flow.client(), flow.people(), Math::max);
                    }
                }
            });
        }
        Map<String, Expected> result = new TreeMap<>();
        seen.forEach(c -> result.put(c, new Expected(cats.get(c), hops.get(c), people.get(c))));
        return result;
    }

    interface Visitor {
        void visit(String node, Set<String> categories, int hops);
    }

    /** Depth-first over sub-processing, never reusing a relationship within one route (as Cypher does). */
    static void walk(Graph graph, String node, Set<String> categories, int hops, int depth, Set<Sub> used, Visitor visitor) {
        visitor.visit(node, categories, hops);
        if (hops == depth) {
            return;
        }
        for (Sub sub : graph.subs()) {
            if (sub.from().equals(node) && !used.contains(sub)) {
                Set<String> next = new TreeSet<>(categories);
                if (sub.categories() != null) {
                    next.retainAll(sub.categories());
                }
                used.add(sub);
                walk(graph, sub.to(), next, hops + 1, depth, used, visitor);
                used.remove(sub);
            }
        }
    }

    static Set<String> expand(Graph graph, List<String> ids) {
        if (ids == null) {
            return null;
        }
        Set<String> result = new TreeSet<>(ids);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Category c : graph.categories()) {
                if (c.parent() != null && result.contains(c.parent()) && result.add(c.id())) {
                    grew = true;
                }
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- the checks

    private void checkVendorExposure(Graph graph, String vendor, int depth, List<String> filter, List<String> kinds, LocalDate asOf,
                                     String context) {
        Map<String, Expected> expected = referenceExposure(graph, Set.of(vendor), depth, expand(graph, filter),
                kinds == null ? null : Set.copyOf(kinds));
        GraphQlTester.Response response = graphQl.document(VENDOR_EXPOSURE).variable("vendorId", vendor).variable("maxDepth", depth)
                .variable("categories", filter).variable("clientKinds", kinds).variable("asOf", date(asOf)).execute();
        compare(expected, response, "vendorExposure", context + " vendorExposure(" + vendor + ", " + depth + ", " + filter + ", " + kinds + ")");
    }

    private void checkSimulation(Graph graph, List<String> vendors, List<String> filter, LocalDate asOf, String context) {
        Map<String, Expected> expected = referenceExposure(graph, Set.copyOf(vendors), 3, expand(graph, filter), null);
        GraphQlTester.Response response = graphQl.documentName("simulateBreach").variable("vendorIds", vendors)
                .variable("categories", filter).variable("asOf", date(asOf)).execute();
        compare(expected, response, "simulateBreach", context + " simulateBreach(" + vendors + ", " + filter + ")");
    }

    private void compare(Map<String, Expected> expected, GraphQlTester.Response response, String root, String context) {
        List<Map<String, Object>> clients = response.path(root + ".exposedClients").entityList(Map.class).get()
                .stream().map(m -> (Map<String, Object>) m).toList();
        Map<String, Expected> actual = new TreeMap<>();
        for (Map<String, Object> c : clients) {
            List<String> path = ids(c.get("path"));
            int hops = (Integer) c.get("hops");
            String id = (String) ((Map<String, Object>) c.get("client")).get("id");
            assertThat(path).as(context + " path of " + id).hasSize(hops + 1).startsWith(id);
            actual.put(id, new Expected(new TreeSet<>(ids(c.get("categories"))), hops, (Integer) c.get("people")));
        }
        assertThat(actual).as(context).isEqualTo(expected);
        Map<String, Object> totals = response.path(root).entity(Map.class).get();
        Integer people = (Integer) totals.get("totalPeople");
        long sum = expected.values().stream().filter(e -> e.people() != null).mapToLong(Expected::people).sum();
        boolean any = expected.values().stream().anyMatch(e -> e.people() != null);
        assertThat(people).as(context + " totalPeople").isEqualTo(any ? (Integer) (int) sum : null);
        assertThat(totals.get("totalClients")).as(context + " totalClients").isEqualTo(expected.size());
    }

    private void checkSupplyChain(Graph graph, String client, int depth, LocalDate asOf, String context) {
        Map<String, Set<String>> cats = new TreeMap<>();
        Map<String, Integer> hops = new HashMap<>();
        for (Flow flow : graph.flows()) {
            if (flow.client().equals(client)) {
                walk(graph, flow.processor(), new TreeSet<>(flow.categories()), 1, depth, new HashSet<>(), (node, reached, h) -> {
                    if (!node.equals(client) && !reached.isEmpty()) {
                        cats.computeIfAbsent(node, k -> new TreeSet<>()).addAll(reached);
                        hops.merge(node, h, Math::min);
                    }
                });
            }
        }
        Map<String, Expected> expected = new TreeMap<>();
        cats.forEach((o, c) -> expected.put(o, new Expected(c, hops.get(o), null)));
        GraphQlTester.Response response = graphQl.documentName("supplyChain").variable("clientId", client).variable("maxDepth", depth)
                .variable("asOf", date(asOf)).execute();
        Map<String, Expected> actual = new TreeMap<>();
        response.path("supplyChain.links").entityList(Map.class).get().forEach(m -> {
            Map<String, Object> link = (Map<String, Object>) m;
            if (link.get("organisation") != null) {
                actual.put((String) ((Map<String, Object>) link.get("organisation")).get("id"),
                        new Expected(new TreeSet<>(ids(link.get("categories"))), (Integer) link.get("hops"), null));
            }
        });
        assertThat(actual).as(context + " supplyChain(" + client + ", " + depth + ")").isEqualTo(expected);
    }

    private void checkConcentration(Graph graph, LocalDate asOf, String context) {
        Map<String, Category> categories = graph.categories().stream().collect(Collectors.toMap(Category::id, c -> c));
        Map<String, double[]> expected = new TreeMap<>();
        Set<String> receivers = new TreeSet<>();
        graph.flows().forEach(f -> receivers.add(f.processor()));
        graph.subs().forEach(s -> receivers.add(s.to()));
        for (String org : receivers) {
            Map<String, Expected> clients = referenceExposure(graph, Set.of(org), 3, null, null);
            if (clients.isEmpty()) {
                continue;
            }
            long special = clients.values().stream().filter(e -> e.categories().stream().anyMatch(c -> categories.get(c).special())).count();
            long sensitivity = clients.values().stream().mapToLong(e -> e.categories().stream().mapToInt(c -> categories.get(c).sensitivity()).max().orElse(1)).sum();
            boolean any = clients.values().stream().anyMatch(e -> e.people() != null);
            long people = clients.values().stream().filter(e -> e.people() != null).mapToLong(Expected::people).sum();
            double mean = (double) sensitivity / clients.size();
            double score = clients.size() * mean / 5 * Math.log10(10 + people);
            expected.put(org, new double[] {clients.size(), special, any ? people : -1, score});
        }
        List<Map<String, Object>> rows = graphQl.documentName("concentrationRisk").variable("first", 500).variable("asOf", date(asOf)).execute()
                .path("concentrationRisk").entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
        Map<String, double[]> actual = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            actual.put((String) ((Map<String, Object>) row.get("organisation")).get("id"), new double[] {
                    (Integer) row.get("dependentClients"), (Integer) row.get("specialCategoryClients"),
                    row.get("people") == null ? -1 : (Integer) row.get("people"), ((Number) row.get("score")).doubleValue()});
        }
        assertThat(actual.keySet()).as(context + " concentration organisations").isEqualTo(expected.keySet());
        expected.forEach((org, e) -> {
            double[] a = actual.get(org);
            assertThat(a[0]).as(context + " clients of " + org).isEqualTo(e[0]);
            assertThat(a[1]).as(context + " special clients of " + org).isEqualTo(e[1]);
            assertThat(a[2]).as(context + " people of " + org).isEqualTo(e[2]);
            assertThat(a[3]).as(context + " score of " + org).isCloseTo(e[3], within(0.002));
        });
        List<Double> scores = rows.stream().map(r -> ((Number) r.get("score")).doubleValue()).toList();
        assertThat(scores).as(context + " ranking").isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    private void checkRiskRankingAgreesWithSingleAssessments(Graph graph, LocalDate asOf, String context) {
        String vendor = graph.flows().get(0).processor();
        GraphQlTester.Response response = graphQl.documentName("riskAssessments").variable("vendorId", vendor).variable("first", 500)
                .variable("asOf", date(asOf)).execute();
        double single = response.path("vendorRiskAssessment.score").entity(Double.class).get();
        List<Map<String, Object>> nodes = response.path("vendorRiskAssessments.edges[*].node").entityList(Map.class).get()
                .stream().map(m -> (Map<String, Object>) m).toList();
        double ranked = nodes.stream().filter(n -> vendor.equals(((Map<String, Object>) n.get("vendor")).get("id")))
                .mapToDouble(n -> ((Number) n.get("score")).doubleValue()).findFirst().orElseThrow();
        assertThat(ranked).as(context + " risk of " + vendor).isEqualTo(single);
    }

    /** The GraphQL variable: an ISO date, or null to take the default (today). */
    private static String date(LocalDate asOf) {
        return asOf == null ? null : asOf.toString();
    }

    private static List<String> ids(Object nodes) {
        return ((List<Map<String, Object>>) nodes).stream().map(m -> (String) m.get("id")).toList();
    }

    private static final String VENDOR_EXPOSURE = """
            query($vendorId: ID!, $maxDepth: Int, $categories: [ID!], $clientKinds: [OrganisationKind!], $asOf: Date) {
              vendorExposure(vendorId: $vendorId, maxDepth: $maxDepth, categories: $categories, clientKinds: $clientKinds, asOf: $asOf) {
                totalClients totalPeople
                exposedClients { client { id } categories { id } hops path { id } people }
              }
            }""";

    // ---------------------------------------------------------------- generation and loading

    static Graph randomGraph(Random random) {
        List<Category> categories = List.of(
                new Category("c0", true, 1 + random.nextInt(5), null),
                new Category("c1", random.nextBoolean(), 1 + random.nextInt(5), "c0"),
                new Category("c2", false, 1 + random.nextInt(5), null),
                new Category("c3", random.nextBoolean(), 1 + random.nextInt(5), null),
                new Category("c4", false, 1 + random.nextInt(5), "c1"));
        int n = 6 + random.nextInt(7);
        List<String> orgs = new ArrayList<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            orgs.add("o" + i);
            kinds.put("o" + i, KINDS[random.nextInt(KINDS.length)]);
        }
        List<Flow> flows = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        int flowCount = n + random.nextInt(2 * n);
        for (int i = 0; i < flowCount; i++) {
            String a = orgs.get(random.nextInt(n));
            String b = orgs.get(random.nextInt(Math.max(2, n / 2))); // processors cluster on the first half
            if (!a.equals(b) && pairs.add(a + ">" + b)) {
                LocalDate[] span = span(random);
                flows.add(new Flow(a, b, subset(random, categories), random.nextInt(4) == 0 ? null : 1 + random.nextInt(1000),
                        span[0], span[1]));
            }
        }
        List<Sub> subs = new ArrayList<>();
        Set<String> subPairs = new HashSet<>();
        int subCount = random.nextInt(n + 2);
        for (int i = 0; i < subCount; i++) {
            String a = orgs.get(random.nextInt(Math.max(2, n / 2)));
            String b = orgs.get(random.nextInt(n));
            if (!a.equals(b) && subPairs.add(a + ">" + b)) {
                LocalDate[] span = span(random);
                subs.add(new Sub(a, b, random.nextInt(3) == 0 ? null : subset(random, categories), span[0], span[1]));
            }
        }
        if (flows.isEmpty()) {
            flows.add(new Flow(orgs.get(1), orgs.get(0), List.of("c0"), 10, null, null));
        }
        return new Graph(orgs, kinds, categories, flows, subs);
    }

    /** A random [since, until): each end absent half the time, until always after since. */
    private static LocalDate[] span(Random random) {
        LocalDate since = random.nextBoolean() ? null : SINCE[random.nextInt(SINCE.length)];
        LocalDate until = random.nextBoolean() ? null : UNTIL[random.nextInt(UNTIL.length)];
        if (since != null && until != null && !until.isAfter(since)) {
            until = since.plusYears(1);
        }
        return new LocalDate[] {since, until};
    }

    private static List<String> subset(Random random, List<Category> categories) {
        List<String> ids = new ArrayList<>();
        for (Category c : categories) {
            if (random.nextInt(5) < 2) {
                ids.add(c.id());
            }
        }
        if (ids.isEmpty()) {
            ids.add(categories.get(random.nextInt(categories.size())).id());
        }
        return ids;
    }

    private void load(Graph graph) {
        fixtures.reset();
        neo4jClient.query("""
                UNWIND $categories AS c
                CREATE (:DataCategory {id: c.id, name: c.id, specialCategory: c.special, sensitivity: c.sensitivity})
                """).bind(graph.categories().stream().map(c -> Map.<String, Object>of("id", c.id(), "special", c.special(),
                "sensitivity", c.sensitivity())).toList()).to("categories").run();
        neo4jClient.query("""
                UNWIND $categories AS c
                MATCH (child:DataCategory {id: c.id}), (parent:DataCategory {id: c.parent})
                CREATE (child)-[:SUBCATEGORY_OF]->(parent)
                """).bind(graph.categories().stream().filter(c -> c.parent() != null)
                .map(c -> Map.<String, Object>of("id", c.id(), "parent", c.parent())).toList()).to("categories").run();
        neo4jClient.query("UNWIND $orgs AS o CREATE (:Organisation {id: o.id, name: o.id, kind: o.kind, status: 'ACTIVE'})")
                .bind(graph.orgs().stream().map(o -> Map.<String, Object>of("id", o, "kind", graph.kinds().get(o))).toList()).to("orgs").run();
        List<Map<String, Object>> flows = new ArrayList<>();
        for (Flow f : graph.flows()) {
            Map<String, Object> row = new HashMap<>();
            row.put("client", f.client());
            row.put("processor", f.processor());
            row.put("categories", f.categories());
            row.put("people", f.people());
            row.put("since", f.since());
            row.put("until", f.until());
            flows.add(row);
        }
        neo4jClient.query("""
                UNWIND $flows AS f
                MATCH (c:Organisation {id: f.client}), (p:Organisation {id: f.processor})
                CREATE (c)-[:ENTRUSTS {id: f.client + '>' + f.processor, categories: f.categories, people: f.people,
                                       since: f.since, until: f.until}]->(p)
                """).bind(flows).to("flows").run();
        List<Map<String, Object>> subs = new ArrayList<>();
        for (Sub s : graph.subs()) {
            Map<String, Object> row = new HashMap<>();
            row.put("from", s.from());
            row.put("to", s.to());
            row.put("categories", s.categories());
            row.put("since", s.since());
            row.put("until", s.until());
            subs.add(row);
        }
        neo4jClient.query("""
                UNWIND $subs AS s
                MATCH (a:Organisation {id: s.from}), (b:Organisation {id: s.to})
                CREATE (a)-[:SUBPROCESSES_TO {id: s.from + '>>' + s.to, categories: s.categories, since: s.since, until: s.until}]->(b)
                """).bind(subs).to("subs").run();
    }
}
