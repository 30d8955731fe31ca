package org.exposuregraph.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The organisation cache against the real embedded database: a cached organisation stays valid while other
 * organisations and flows are written (so answers keep resolving their clients from memory under a stream of
 * writes), and is dropped by any write to its own node — its name, its marking, its id, its deletion — whether
 * through the change record or around it.
 */
@EmptyGraphTest
class OrganisationCacheTest {

    @Autowired
    OrganisationService organisations;
    @Autowired
    GraphVersion graphVersion;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4jClient;

    @Test
    void aCachedOrganisationOutlivesWritesElsewhereButNotWritesToItself() {
        fixtures.reset();
        neo4jClient.query("""
                UNWIND ['a', 'b', 'c'] AS id
                CREATE (:Organisation {id: id, name: id, kind: 'VENDOR', status: 'ACTIVE', tlp: 'CLEAR'})""").run();
        assertThat(name("a")).isEqualTo("a");
        assertThat(name("b")).isEqualTo("b");
        assertThat(name("c")).isEqualTo("c");

        long version = graphVersion.current();
        neo4jClient.query("MATCH (o:Organisation {id: 'b'}) SET o.name = 'B Ltd'").run();
        neo4jClient.query("""
                MATCH (c:Organisation {id: 'c'}), (b:Organisation {id: 'b'})
                CREATE (c)-[:ENTRUSTS {id: 'f-cb', categories: ['health']}]->(b)""").run();
        assertThat(graphVersion.current()).as("the writes moved the graph version").isGreaterThan(version);
        long hits = hits();
        assertThat(name("a")).isEqualTo("a");
        assertThat(hits()).as("a, untouched, answered from the cache").isEqualTo(hits + 1);
        assertThat(name("b")).as("b's own write dropped it").isEqualTo("B Ltd");

        neo4jClient.query("MATCH (o:Organisation {id: 'a'}) SET o.name = 'A Ltd'").run();
        assertThat(name("a")).isEqualTo("A Ltd");
        neo4jClient.query("MATCH (o:Organisation {id: 'a'}) SET o.tlp = 'RED'").run();
        assertThatThrownBy(() -> name("a")).as("raised above GREEN").isInstanceOf(NotFoundException.class);

        neo4jClient.query("MATCH (o:Organisation {id: 'b'}) SET o.id = 'b2'").run();
        assertThatThrownBy(() -> name("b")).as("its id changed").isInstanceOf(NotFoundException.class);
        assertThat(name("b2")).isEqualTo("B Ltd");

        neo4jClient.query("MATCH (o:Organisation {id: 'c'}) DETACH DELETE o").run();
        assertThatThrownBy(() -> name("c")).as("deleted").isInstanceOf(NotFoundException.class);
    }

    private String name(String id) {
        return CurrentKey.runAs("test", Role.READER, Tlp.GREEN, () -> organisations.require(id).name());
    }

    private long hits() {
        return graphVersion.caches().stream().filter(cache -> cache.name().equals("OrganisationService"))
                .mapToLong(VersionedCache::hits).sum();
    }
}
