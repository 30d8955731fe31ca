package org.exposuregraph.support;

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
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * Random dated, TLP-marked exposure graphs for the read model's differential tests: organisations {@code o0…} of
 * random kinds and markings, flows and sub-processing links (chains, cycles, parallel links, category subsets, empty
 * and "everything" pass-ons, ended facts), a small taxonomy, and random writes through {@link GraphWriter}.
 */
public final class RandomGraphs {

    public static final String[] KINDS = {"GP_PRACTICE", "NHS_TRUST", "PRIVATE_CLINIC", "VENDOR"};
    public static final String[] CATEGORIES = {"health", "mental-health", "identity", "finance", "genetic", "not-in-taxonomy"};
    public static final String[] TLP = {null, null, null, null, "GREEN", "AMBER", "RED"};
    public static final LocalDate[] DATES = {LocalDate.of(2019, 6, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2021, 6, 15),
            LocalDate.of(2022, 3, 1), LocalDate.now(ZoneOffset.UTC)};
    private static final LocalDate[] SINCE = {null, null, LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1), LocalDate.of(2022, 1, 1)};
    private static final LocalDate[] UNTIL = {null, null, null, LocalDate.of(2021, 1, 1), LocalDate.of(2022, 1, 1), LocalDate.of(2023, 1, 1)};

    private final GraphFixtures fixtures;
    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;

    public RandomGraphs(GraphFixtures fixtures, Neo4jClient neo4jClient, GraphWriter graphWriter) {
        this.fixtures = fixtures;
        this.neo4jClient = neo4jClient;
        this.graphWriter = graphWriter;
    }

    public static String org(int i) {
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
    public void load(Random random, int organisations) {
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
        // Again once the statements are in: a read model built meanwhile (by a background reader such as the alert
        // engine, still busy with an earlier test's changes) read a partial graph.
        fixtures.wroteAroundTheChangeRecord();
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
    public void write(Random random, int organisations, int graph, int n) {
        write(random, organisations, graph, n, random.nextInt(5));
    }

    /**
     * One write of a kind: 0 a new flow, 1 a new sub-processing link, 2 a flow ended or re-categorised (every flow
     * named as updated), 3 a sub-processing link removed, 4 an organisation re-marked and re-kinded.
     */
    public void write(Random random, int organisations, int graph, int n, int kind) {
        String a = org(random.nextInt(organisations));
        String b = org(random.nextInt(organisations));
        switch (kind) {
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

    /**
     * A small taxonomy over {@link #CATEGORIES} ("genetic" and "not-in-taxonomy" left out: sensitivity 1), software,
     * vulnerabilities, threat actors and incidents breaching random organisations, written around the change record
     * as {@link #load} is (call it right after).
     */
    public void loadTaxonomyAndThreats(Random random, int organisations) {
        neo4jClient.query("""
                CREATE (:DataCategory {id: 'health', name: 'Health', specialCategory: true, sensitivity: 4}),
                       (:DataCategory {id: 'mental-health', name: 'Mental health', specialCategory: true, sensitivity: 5}),
                       (:DataCategory {id: 'identity', name: 'Identity', sensitivity: 2}),
                       (:DataCategory {id: 'finance', name: 'Finance', specialCategory: false, sensitivity: 3})""").run();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < organisations; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", "runs:" + i);
            row.put("org", org(random.nextInt(organisations)));
            row.put("software", "sw" + random.nextInt(3));
            row.put("tlp", TLP[random.nextInt(TLP.length)]);
            row.put("since", SINCE[random.nextInt(SINCE.length)]);
            row.put("until", UNTIL[random.nextInt(UNTIL.length)]);
            runs.add(row);
        }
        neo4jClient.query("""
                UNWIND range(0, 2) AS i
                CREATE (s:Software {id: 'sw' + i, name: 'sw' + i}),
                       (x:Vulnerability {id: 'cve' + i, name: 'cve' + i, cvss: 4.0 + 2 * i})-[:AFFECTS]->(s),
                       (a:ThreatActor {id: 'actor' + i, name: 'actor' + i})-[:EXPLOITS]->(x)
                SET x.tlp = CASE i WHEN 2 THEN 'AMBER' END""").run();
        neo4jClient.query("""
                UNWIND $runs AS r MATCH (o:Organisation {id: r.org}), (s:Software {id: r.software})
                CREATE (o)-[x:RUNS {id: r.id}]->(s) SET x.tlp = r.tlp, x.since = r.since, x.until = r.until""")
                .bind(runs).to("runs").run();
        for (int i = 0; i < 3; i++) {
            breach("incident:" + i, org(random.nextInt(organisations)), TLP[random.nextInt(TLP.length)], false);
        }
        fixtures.wroteAroundTheChangeRecord();
    }

    /** Through GraphWriter, a new client (a vendor by kind) entrusting {@code vendor}, on no sub-processing chain. */
    public void clientOffChains(String client, String vendor) {
        graphWriter.write("test", changes -> {
            neo4jClient.query("""
                    MATCH (v:Organisation {id: $vendor})
                    CREATE (:Organisation {id: $id, name: $id, kind: 'VENDOR'})-[:ENTRUSTS {id: $id + ':flow', categories: ['health'],
                            people: 10, confidence: 90, disputed: false}]->(v)""")
                    .bind(client).to("id").bind(vendor).to("vendor").run();
            changes.element(ChangeSet.Outcome.CREATED, Facts.ORGANISATION, client);
            return changes.element(ChangeSet.Outcome.CREATED, Facts.ENTRUSTS, client + ":flow");
        });
    }

    /** Through GraphWriter, re-kinds an organisation as a GP practice: a critical client of its vendors now. */
    public void rekindAsGpPractice(String organisation) {
        graphWriter.write("test", changes -> {
            neo4jClient.query("MATCH (o:Organisation {id: $id}) SET o.kind = 'GP_PRACTICE'").bind(organisation).to("id").run();
            return changes.element(ChangeSet.Outcome.UPDATED, Facts.ORGANISATION, organisation);
        });
    }

    /**
     * A new threat actor through GraphWriter: alone (as a threat feed's new actor usually comes), or exploiting one of
     * the vulnerabilities of {@link #loadTaxonomyAndThreats}.
     */
    public void actor(String actor, Integer exploitedCve) {
        graphWriter.write("test", changes -> {
            neo4jClient.query("CREATE (:ThreatActor {id: $id, name: $id})").bind(actor).to("id").run();
            changes.element(ChangeSet.Outcome.CREATED, Facts.THREAT_ACTOR, actor);
            if (exploitedCve != null) {
                neo4jClient.query("MATCH (a:ThreatActor {id: $id}), (x:Vulnerability {id: $cve}) CREATE (a)-[:EXPLOITS {id: $id + ':exploits'}]->(x)")
                        .bind(actor).to("id").bind("cve" + exploitedCve).to("cve").run();
                changes.element(ChangeSet.Outcome.CREATED, Facts.EXPLOITS, actor + ":exploits");
            }
            return null;
        });
    }

    /** An incident breaching an organisation, written around the change record or, with {@code recorded}, through GraphWriter. */
    public void breach(String incident, String organisation, String tlp, boolean recorded) {
        Runnable write = () -> neo4jClient.query("""
                MATCH (o:Organisation {id: $org}) CREATE (i:Incident {id: $id, name: $id})-[b:BREACHED {id: $id + ':breached'}]->(o)
                SET b.tlp = $tlp""").bind(incident).to("id").bind(organisation).to("org").bind(tlp).to("tlp").run();
        if (!recorded) {
            write.run();
            return;
        }
        graphWriter.write("test", changes -> {
            write.run();
            changes.element(ChangeSet.Outcome.CREATED, Facts.INCIDENT, incident);
            return changes.element(ChangeSet.Outcome.CREATED, Facts.BREACHED, incident + ":breached");
        });
    }
}
