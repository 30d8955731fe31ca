package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import static org.exposuregraph.support.RandomGraphs.CATEGORIES;
import static org.exposuregraph.support.RandomGraphs.DATES;
import static org.exposuregraph.support.RandomGraphs.KINDS;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.RandomGraphs;
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
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    org.exposuregraph.taxonomy.TaxonomyService taxonomy;

    private RandomGraphs graphs() {
        return new RandomGraphs(fixtures, neo4jClient, graphWriter);
    }

    @Test
    void theIndexAnswersExactlyWhatTheCypherQueryAnswers() {
        Random random = new Random(20261130L);
        RandomGraphs graphs = graphs();
        int compared = 0;
        for (int g = 0; g < GRAPHS; g++) {
            int organisations = 8 + random.nextInt(8);
            graphs.load(random, organisations);
            compared += compareMany(random, organisations, "graph " + g);
            // Writes through the one door, applied to the index from the change record (no rebuild).
            for (int w = 0; w < 6; w++) {
                graphs.write(random, organisations, g, w);
            }
            compared += compareMany(random, organisations, "graph " + g + " after writes");
        }
        assertThat(compared).as("answers compared, some with clients").isGreaterThan(2 * GRAPHS * QUERIES + 20);
    }

    /**
     * Cached answers asked again after each write: patched client by client when only data flows and markings moved
     * under them, computed again otherwise; either way what the Cypher query answers. Half the questions are asked
     * after every other write only, so a patch spans several versions.
     */
    @Test
    void cachedAnswersPatchedAfterWritesEqualTheCypherQuery() {
        Random random = new Random(20261201L);
        RandomGraphs graphs = graphs();
        double patchedBefore = patched();
        for (int g = 0; g < 2; g++) {
            int organisations = 8 + random.nextInt(8);
            graphs.load(random, organisations);
            graphs.loadTaxonomyAndThreats(random, organisations); // Article 9 and sensitive categories in the totals
            List<Object[]> questions = new ArrayList<>();
            for (int q = 0; q < 10; q++) {
                questions.add(new Object[]{List.of(RandomGraphs.org(random.nextInt(organisations))), 1 + random.nextInt(ExposureService.MAX_DEPTH),
                        random.nextInt(3) == 0 ? Set.of(CATEGORIES[random.nextInt(CATEGORIES.length)]) : null,
                        random.nextInt(4) == 0 ? Set.of(KINDS[random.nextInt(KINDS.length)]) : null,
                        DATES[random.nextInt(DATES.length)], Tlp.values()[random.nextInt(Tlp.values().length)]});
            }
            for (int w = 0; w <= 16; w++) {
                for (int q = 0; q < questions.size(); q++) {
                    if (w % 2 == 1 && q % 2 == 1) {
                        continue;
                    }
                    Object[] asked = questions.get(q);
                    @SuppressWarnings("unchecked")
                    Set<String> categories = (Set<String>) asked[2];
                    @SuppressWarnings("unchecked")
                    Set<String> kinds = (Set<String>) asked[3];
                    @SuppressWarnings("unchecked")
                    List<String> vendors = (List<String>) asked[0];
                    ExposureOracle.assertServiceAnswersAsCypher(service, vendors, (int) asked[1], categories, kinds,
                            (LocalDate) asked[4], (Tlp) asked[5], taxonomy.byId(), "graph " + g + " after write " + w);
                }
                // Mostly data flows and markings (the writes a patch covers), now and then sub-processing too.
                graphs.write(random, organisations, g, w, random.nextInt(3) > 0 ? new int[]{0, 2, 4}[random.nextInt(3)] : random.nextInt(5));
            }
        }
        assertThat(patched() - patchedBefore).as("answers patched rather than computed again").isGreaterThan(20);
    }

    private double patched() {
        return meters.get("exposuregraph.cache.requests").tag("cache", "ExposureService").tag("result", "patched")
                .counter().count();
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
        // Re-marking an organisation drops the answers it is on a chain of or a client in (x is a's client), not
        // the others; renaming one drops nothing.
        ExposureIndex.Answer againA = index.answer(List.of("a"), 3, null, null, today, Visibility.EVERYTHING);
        ExposureIndex.Answer againB = index.answer(List.of("b"), 3, null, null, today, Visibility.EVERYTHING);
        graphWriter.write("test", changes -> {
            neo4jClient.query("MATCH (o:Organisation {id: 'x'}) SET o.name = 'X Ltd'").run();
            return changes.element(ChangeSet.Outcome.UPDATED, Facts.ORGANISATION, "x");
        });
        assertThat(index.stillValid(againA.footprint(), againA.version())).isTrue();
        graphWriter.write("test", changes -> {
            neo4jClient.query("MATCH (o:Organisation {id: 'x'}) SET o.tlp = 'RED'").run();
            return changes.element(ChangeSet.Outcome.UPDATED, Facts.ORGANISATION, "x");
        });
        assertThat(index.stillValid(againA.footprint(), againA.version())).isFalse();
        assertThat(index.stillValid(againB.footprint(), againB.version())).isTrue();
        assertThat(index.exposure(List.of("a"), 3, null, null, today, new Visibility(Tlp.AMBER)))
                .extracting(ExposureIndex.Row::clientId).containsExactlyInAnyOrder("y", "z");
    }

    private int compareMany(Random random, int organisations, String context) {
        int nonEmpty = 0;
        for (int q = 0; q < QUERIES; q++) {
            List<String> vendors = new ArrayList<>();
            vendors.add(RandomGraphs.org(random.nextInt(organisations)));
            if (random.nextInt(4) == 0) {
                vendors.add(RandomGraphs.org(random.nextInt(organisations)));
            }
            int depth = 1 + random.nextInt(ExposureService.MAX_DEPTH);
            Set<String> categories = random.nextInt(3) == 0
                    ? new TreeSet<>(List.of(CATEGORIES[random.nextInt(CATEGORIES.length)], CATEGORIES[random.nextInt(CATEGORIES.length)]))
                    : null;
            Set<String> kinds = random.nextInt(4) == 0 ? Set.of(KINDS[random.nextInt(KINDS.length)]) : null;
            LocalDate asOf = DATES[random.nextInt(DATES.length)];
            Visibility visibility = new Visibility(Tlp.values()[random.nextInt(Tlp.values().length)]);
            if (!ExposureOracle.assertIndexAnswersAsCypher(index, service, vendors, depth, categories, kinds, asOf,
                    visibility, context).isEmpty()) {
                nonEmpty++;
            }
        }
        return QUERIES + nonEmpty;
    }
}
