package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A data flow's derived id is not stored (Facts): {@link Facts#idIn} supplies it and {@link Facts#matchById} finds the
 * flow by it, through its two organisations, against a real Neo4j. Organisation ids may hold ':', so a derived id can
 * be cut in more than one place.
 */
class FactIdsTest {

    private static Neo4j neo4j;
    private static GraphDatabaseService db;

    @BeforeAll
    static void graph() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer()
                .withConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                // The look-ups' indexes, as the migrations create them (V0001, V0002).
                .withFixture("CREATE CONSTRAINT organisation_id FOR (o:Organisation) REQUIRE o.id IS UNIQUE")
                .withFixture("CREATE INDEX entrusts_id FOR ()-[r:ENTRUSTS]-() ON (r.id)")
                .withFixture("CREATE INDEX runs_id FOR ()-[r:RUNS]-() ON (r.id)")
                // Many organisations and flows beside the ones looked up, so a scan would show in the records read.
                .withFixture("UNWIND range(0, 49) AS i CREATE (:Organisation {id: 'vendor-' + i})")
                .withFixture("""
                        UNWIND range(1, 20000) AS i MATCH (v:Organisation {id: 'vendor-' + (i % 50)})
                        CREATE (:Organisation {id: 'client-' + i})-[:ENTRUSTS {categories: ['health']}]->(v)""")
                .withFixture("""
                CREATE (a:Organisation {id: 'a'}), (bc:Organisation {id: 'b:c'}), (ab:Organisation {id: 'a:b'}),
                       (c:Organisation {id: 'c'}), (x:Organisation {id: 'x'}), (y:Organisation {id: 'y'}),
                       (old:Organisation {id: 'old'}), (s:Software {id: 'moveit'}),
                       (a)-[:ENTRUSTS {categories: ['health']}]->(bc),
                       (ab)-[:ENTRUSTS {categories: ['health']}]->(c),
                       (x)-[:ENTRUSTS {id: 'own-id', categories: ['health']}]->(y),
                       (old)-[:ENTRUSTS {id: 'flow:old:x', categories: ['health']}]->(x),
                       (x)-[:RUNS {id: 'runs:x:moveit'}]->(s),
                       (y)-[:RUNS]->(s)
                """).build();
        db = neo4j.defaultDatabaseService();
    }

    @AfterAll
    static void stop() {
        neo4j.close();
    }

    /** The ends of the facts of {@code type} that {@code id} names, as "from>to", in order. */
    private static List<String> found(String type, String id) {
        return db.executeTransactionally(Facts.matchById(type, "f", "r", "t", "$id") + " RETURN f.id + '>' + t.id AS ends ORDER BY ends",
                Map.of("id", id), result -> result.stream().map(row -> (String) row.get("ends")).toList());
    }

    @Test
    void aFlowIsFoundByItsDerivedIdWhereverTheIdCanBeCut() {
        // 'flow:a:b:c' is a -> b:c and a:b -> c: both, as when both stored it.
        assertThat(found(Facts.ENTRUSTS, Facts.dataFlowId("a", "b:c"))).containsExactly("a:b>c", "a>b:c");
        assertThat(found(Facts.ENTRUSTS, "flow:nobody:c")).isEmpty();
        assertThat(found(Facts.ENTRUSTS, "flow:")).isEmpty();
        assertThat(found(Facts.ENTRUSTS, "a:b:c")).isEmpty();
    }

    /** Through the indexes, whatever the planner's statistics say: a handful of records, never every organisation. */
    @Test
    void aLookUpByDerivedIdSeeksBothOrganisations() {
        long recordsRead = db.executeTransactionally("PROFILE UNWIND $ids AS id " + Facts.matchById(Facts.ENTRUSTS, "f", "r", "t", "id")
                        + " RETURN count(r) AS n", Map.of("ids", List.of("flow:client-7:vendor-7", "flow:a:b:c")), result -> {
                    assertThat(result.next().get("n")).isEqualTo(3L);
                    result.forEachRemaining(row -> { });
                    return dbHits(result.getExecutionPlanDescription());
                });
        assertThat(recordsRead).isLessThan(100);
    }

    private static long dbHits(org.neo4j.graphdb.ExecutionPlanDescription plan) {
        return plan.getProfilerStatistics().getDbHits()
                + plan.getChildren().stream().mapToLong(FactIdsTest::dbHits).sum();
    }

    @Test
    void aFlowWithAnIdOfItsOwnIsFoundByThatIdOnly() {
        assertThat(found(Facts.ENTRUSTS, "own-id")).containsExactly("x>y");
        assertThat(found(Facts.ENTRUSTS, Facts.dataFlowId("x", "y"))).isEmpty();
    }

    @Test
    void aFlowThatStillStoresItsDerivedIdIsFoundOnce() {
        assertThat(found(Facts.ENTRUSTS, "flow:old:x")).containsExactly("old>x");
    }

    @Test
    void otherFactsAreFoundByTheirStoredIdAlone() {
        assertThat(found(Facts.RUNS, "runs:x:moveit")).containsExactly("x>moveit");
        assertThat(found(Facts.RUNS, "runs:y:moveit")).isEmpty();
    }

    @Test
    void everyReaderSuppliesTheDerivedIdAndOnlyForDataFlows() {
        List<String> ids = db.executeTransactionally("MATCH (f)-[r]->(t) WHERE NOT f.id STARTS WITH 'client-' RETURN " + Facts.idIn("r", "f", "t") + " AS id, "
                        + Facts.idIn("r") + " AS byEnds ORDER BY id",
                Map.of(), result -> result.stream().map(row -> row.get("id") + "|" + row.get("byEnds")).toList());
        assertThat(ids).containsExactly("flow:a:b:c|flow:a:b:c", "flow:a:b:c|flow:a:b:c", "flow:old:x|flow:old:x",
                "own-id|own-id", "runs:x:moveit|runs:x:moveit", "null|null");
    }

    @Test
    void aWriterStoresNoIdWhenItIsTheDerivedOne() {
        assertThat(Facts.storedDataFlowId(null, "a", "b")).isNull();
        assertThat(Facts.storedDataFlowId("flow:a:b", "a", "b")).isNull();
        assertThat(Facts.storedDataFlowId("flow:a:c", "a", "b")).isEqualTo("flow:a:c");
        assertThat(Facts.storedDataFlowId("own-id", "a", "b")).isEqualTo("own-id");
    }
}
