package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.exposuregraph.graph.ChangeSet;
import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.GraphWriter;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The read model against its oracle: on random dated, TLP-marked graphs (sub-processing chains and cycles, parallel
 * links, category subsets, empty and "everything" pass-ons, ended facts, several vendors at once), the in-memory
 * {@link ExposureIndex} must answer exactly what {@code vendor-exposure.cypher} answers over the store — clients,
 * hops, path, confidence, disputed, categories, people — for every depth, filter, date and clearance; first as
 * built from the store, then after writes it applied incrementally from the change record.
 */
@EmptyGraphTest
class ExposureIndexDifferentialTest {

    private static final int GRAPHS = 3;
    private static final int QUERIES = 14;
    private static final String[] KINDS = {"GP_PRACTICE", "NHS_TRUST", "PRIVATE_CLINIC", "VENDOR"};
    private static final String[] CATEGORIES = {"health", "mental-health", "identity", "finance", "genetic", "not-in-taxonomy"};
    private static final String[] TLP = {null, null, null, null, "GREEN", "AMBER", "RED"};
    private static final LocalDate[] DATES = {LocalDate.of(2019, 6, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2021, 6, 15),
            LocalDate.of(2022, 3, 1), LocalDate.now(ZoneOffset.UTC)};
    private static final LocalDate[] SINCE = {null, null, LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2022, 1, 1)};
    private static final LocalDate[] UNTIL = {null, null, null, LocalDate.of(2021, 1, 1), LocalDate.of(2022, 1, 1), LocalDate.of(2023, 1, 1)};

    @Autowired
    ExposureIndex index;
    @Autowired
    ExposureService service;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    GraphWriter graphWriter;
    @Autowired
    Neo4jClient neo4jClient;

    @Test
    void theIndexAnswersExactlyWhatTheCypherQueryAnswers() {
        Random random = new Random(20261130L);
        int compared = 0;
        for (int g = 0; g < GRAPHS; g++) {
            int organisations = 8 + random.nextInt(8);
            load(random, organisations);
            compared += compareMany(random, organisations, "graph " + g);
            // Writes through the one door, applied to the index from the change record (no rebuild).
            for (int w = 0; w < 6; w++) {
                write(random, organisations, g, w);
            }
            compared += compareMany(random, organisations, "graph " + g + " after writes");
        }
        assertThat(compared).as("answers compared, some with clients").isGreaterThan(2 * GRAPHS * QUERIES + 20);
    }

    @Test
    void aChangeDropsOnlyTheCachedAnswersItReaches() {
        fixtures.reset();
        neo4jClient.query("""
                UNWIND ['a', 'b', 'x', 'y', 'z'] AS id CREATE (:Organisation {id: id, name: id, kind: 'VENDOR', status: 'ACTIVE'})
                WITH count(*) AS made
                MATCH (x:Organisation {id: 'x'}), (y:Organisation {id: 'y'}), (a:Organisation {id: 'a'}), (b:Organisation {id: 'b'})
                CREATE (x)-[:ENTRUSTS {id: 'f-xa', categories: ['health']}]->(a),
                       (y)-[:ENTRUSTS {id: 'f-yb', categories: ['health']}]->(b)""").run();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ExposureIndex.Answer forA = index.answer(List.of("a"), 3, null, null, today, Visibility.EVERYTHING);
        ExposureIndex.Answer forB = index.answer(List.of("b"), 3, null, null, today, Visibility.EVERYTHING);
        assertThat(forA.rows()).extracting(ExposureIndex.Row::clientId).containsExactly("x");
        // A new client of b reaches b's answer only.
        graphWriter.write("test", changes -> {
            neo4jClient.query("""
                    MATCH (z:Organisation {id: 'z'}), (b:Organisation {id: 'b'})
                    CREATE (z)-[:ENTRUSTS {id: 'f-zb', categories: ['health']}]->(b)""").run();
            return changes.element(ChangeSet.Outcome.CREATED, Facts.ENTRUSTS, "f-zb");
        });
        assertThat(index.stillValid(forA.footprint(), forA.version())).isTrue();
        assertThat(index.stillValid(forB.footprint(), forB.version())).isFalse();
        assertThat(index.exposure(List.of("b"), 3, null, null, today, Visibility.EVERYTHING))
                .extracting(ExposureIndex.Row::clientId).containsExactlyInAnyOrder("y", "z");
        // b now passes data on to a: a's answer changes (b's clients reach a), and is dropped.
        graphWriter.write("test", changes -> {
            neo4jClient.query("""
                    MATCH (b:Organisation {id: 'b'}), (a:Organisation {id: 'a'})
                    CREATE (b)-[:SUBPROCESSES_TO {id: 'sub-ba'}]->(a)""").run();
            return changes.element(ChangeSet.Outcome.CREATED, Facts.SUBPROCESSES_TO, "sub-ba");
        });
        assertThat(index.stillValid(forA.footprint(), forA.version())).isFalse();
        assertThat(index.exposure(List.of("a"), 3, null, null, today, Visibility.EVERYTHING))
                .extracting(ExposureIndex.Row::clientId).containsExactlyInAnyOrder("x", "y", "z");
        // An organisation's own edit may hide or show a client anywhere: it drops everything.
        ExposureIndex.Answer again = index.answer(List.of("b"), 3, null, null, today, Visibility.EVERYTHING);
        graphWriter.write("test", changes -> {
            neo4jClient.query("MATCH (o:Organisation {id: 'x'}) SET o.tlp = 'RED'").run();
            return changes.element(ChangeSet.Outcome.UPDATED, Facts.ORGANISATION, "x");
        });
        assertThat(index.stillValid(again.footprint(), again.version())).isFalse();
    }

    private int compareMany(Random random, int organisations, String context) {
        int nonEmpty = 0;
        for (int q = 0; q < QUERIES; q++) {
            List<String> vendors = new ArrayList<>();
            vendors.add(org(random.nextInt(organisations)));
            if (random.nextInt(4) == 0) {
                vendors.add(org(random.nextInt(organisations)));
            }
            int depth = 1 + random.nextInt(ExposureService.MAX_DEPTH);
            Set<String> categories = random.nextInt(3) == 0
                    ? new TreeSet<>(List.of(CATEGORIES[random.nextInt(CATEGORIES.length)], CATEGORIES[random.nextInt(CATEGORIES.length)]))
                    : null;
            Set<String> kinds = random.nextInt(4) == 0 ? Set.of(KINDS[random.nextInt(KINDS.length)]) : null;
            LocalDate asOf = DATES[random.nextInt(DATES.length)];
            Visibility visibility = new Visibility(Tlp.values()[random.nextInt(Tlp.values().length)]);
            List<ExposureIndex.Row> expected = sorted(service.exposureByCypher(vendors, depth, categories, kinds, asOf, visibility));
            List<ExposureIndex.Row> actual = sorted(index.exposure(vendors, depth, categories, kinds, asOf, visibility));
            assertThat(actual).as("%s: vendors %s, depth %d, categories %s, kinds %s, as of %s, clearance %s", context,
                    vendors, depth, categories, kinds, asOf, visibility.clearance()).isEqualTo(expected);
            if (!expected.isEmpty()) {
                nonEmpty++;
            }
        }
        return QUERIES + nonEmpty;
    }

    private static List<ExposureIndex.Row> sorted(List<ExposureIndex.Row> rows) {
        List<ExposureIndex.Row> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ExposureIndex.Row::clientId));
        return copy;
    }

    private static String org(int i) {
        return "o" + i;
    }

    private static List<String> someCategories(Random random, int most) {
        Set<String> set = new TreeSet<>();
        int n = random.nextInt(most + 1);
        for (int i = 0; i < n; i++) {
            set.add(CATEGORIES[random.nextInt(CATEGORIES.length)]);
        }
        return new ArrayList<>(set);
    }

    private static Map<String, Object> fact(Random random, String from, String to, boolean subProcessing) {
        Map<String, Object> row = new HashMap<>();
        row.put("from", from);
        row.put("to", to);
        List<String> categories = someCategories(random, 4);
        row.put("categories", subProcessing && random.nextInt(3) == 0 ? null : categories);
        row.put("people", !subProcessing && random.nextBoolean() ? 100 + random.nextInt(10_000) : null);
        row.put("confidence", random.nextInt(3) == 0 ? null : 10 + random.nextInt(91));
        row.put("disputed", random.nextInt(6) == 0 ? Boolean.TRUE : random.nextInt(2) == 0 ? null : Boolean.FALSE);
        row.put("tlp", TLP[random.nextInt(TLP.length)]);
        row.put("since", SINCE[random.nextInt(SINCE.length)]);
        row.put("until", UNTIL[random.nextInt(UNTIL.length)]);
        return row;
    }

    /** A random graph written around the change record (as fixtures are), so the index is rebuilt from the store. */
    private void load(Random random, int organisations) {
        fixtures.reset();
        List<Map<String, Object>> orgs = new ArrayList<>();
        for (int i = 0; i < organisations; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", org(i));
            row.put("kind", random.nextInt(10) == 0 ? null : KINDS[random.nextInt(KINDS.length)]);
            row.put("tlp", TLP[random.nextInt(TLP.length)]);
            orgs.add(row);
        }
        neo4jClient.query("UNWIND $orgs AS o CREATE (n:Organisation {id: o.id, name: o.id, status: 'ACTIVE'}) SET n.kind = o.kind, n.tlp = o.tlp")
                .bind(orgs).to("orgs").run();
        List<Map<String, Object>> flows = new ArrayList<>();
        for (int i = 0; i < organisations * 3; i++) {
            int client = random.nextInt(organisations);
            int processor = random.nextInt(organisations);
            if (client != processor) {
                Map<String, Object> row = fact(random, org(client), org(processor), false);
                row.put("id", "flow:" + i);
                flows.add(row);
            }
        }
        neo4jClient.query("""
                UNWIND $flows AS f MATCH (c:Organisation {id: f.from}), (p:Organisation {id: f.to})
                CREATE (c)-[r:ENTRUSTS {id: f.id}]->(p)
                SET r.categories = f.categories, r.people = f.people, r.confidence = f.confidence, r.disputed = f.disputed,
                    r.tlp = f.tlp, r.since = f.since, r.until = f.until""").bind(flows).to("flows").run();
        List<Map<String, Object>> subs = new ArrayList<>();
        for (int i = 0; i < organisations + random.nextInt(organisations); i++) {
            int from = random.nextInt(organisations);
            int to = random.nextInt(organisations);
            if (from != to) {
                Map<String, Object> row = fact(random, org(from), org(to), true);
                row.put("id", "sub:" + i);
                subs.add(row);
            }
        }
        neo4jClient.query("""
                UNWIND $subs AS s MATCH (a:Organisation {id: s.from}), (b:Organisation {id: s.to})
                CREATE (a)-[r:SUBPROCESSES_TO {id: s.id}]->(b)
                SET r.categories = s.categories, r.confidence = s.confidence, r.disputed = s.disputed,
                    r.tlp = s.tlp, r.since = s.since, r.until = s.until""").bind(subs).to("subs").run();
    }

    /** A flow or sub-processing link (type from the catalogue, never input) written through GraphWriter. */
    private void create(String type, String id, Map<String, Object> fact) {
        graphWriter.write("test", changes -> {
            neo4jClient.query("""
                    MATCH (c:Organisation {id: $f.from}), (p:Organisation {id: $f.to})
                    CREATE (c)-[r:%s {id: $id}]->(p)
                    SET r.categories = $f.categories, r.people = $f.people, r.confidence = $f.confidence,
                        r.disputed = $f.disputed, r.tlp = $f.tlp, r.since = $f.since, r.until = $f.until""".formatted(type))
                    .bind(fact).to("f").bind(id).to("id").run();
            return changes.element(ChangeSet.Outcome.CREATED, type, id);
        });
    }

    /** One write through GraphWriter: add, change or remove a flow or a sub-processing link, or re-mark an organisation. */
    private void write(Random random, int organisations, int graph, int n) {
        String a = org(random.nextInt(organisations));
        String b = org(random.nextInt(organisations));
        switch (random.nextInt(5)) {
            case 0 -> create(Facts.ENTRUSTS, "flow:new:" + graph + ":" + n, fact(random, a, b, false));
            case 1 -> create(Facts.SUBPROCESSES_TO, "sub:new:" + graph + ":" + n, fact(random, a, b, true));
            case 2 -> graphWriter.write("test", changes -> {
                // End a random flow today or earlier, or change its categories.
                neo4jClient.query("""
                        MATCH ()-[r:ENTRUSTS]->() WITH r ORDER BY r.id SKIP $skip LIMIT 1
                        SET r.until = $until, r.categories = $categories""")
                        .bind(random.nextInt(organisations * 2)).to("skip")
                        .bind(UNTIL[random.nextInt(UNTIL.length)]).to("until")
                        .bind(someCategories(random, 3)).to("categories").run();
                neo4jClient.query("MATCH ()-[r:ENTRUSTS]->() RETURN r.id").fetchAs(String.class).all()
                        .forEach(id -> changes.element(ChangeSet.Outcome.UPDATED, Facts.ENTRUSTS, id));
                return null;
            });
            case 3 -> graphWriter.write("test", changes -> {
                List<String> removed = List.copyOf(neo4jClient.query("""
                                MATCH ()-[r:SUBPROCESSES_TO]->() WITH r ORDER BY r.id SKIP $skip LIMIT 1
                                WITH r, r.id AS id DELETE r RETURN id""")
                        .bind(random.nextInt(organisations)).to("skip").fetchAs(String.class).all());
                removed.forEach(id -> changes.element(ChangeSet.Outcome.REMOVED, Facts.SUBPROCESSES_TO, id));
                return null;
            });
            default -> graphWriter.write("test", changes -> {
                neo4jClient.query("MATCH (o:Organisation {id: $id}) SET o.tlp = $tlp, o.kind = $kind")
                        .bind(a).to("id").bind(TLP[random.nextInt(TLP.length)]).to("tlp")
                        .bind(KINDS[random.nextInt(KINDS.length)]).to("kind").run();
                return changes.element(ChangeSet.Outcome.UPDATED, Facts.ORGANISATION, a);
            });
        }
    }
}
