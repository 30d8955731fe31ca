package org.exposuregraph.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.SecurityException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;

/** The embedded database's Bolt port (localhost) refuses anyone but the application itself. */
@EmptyGraphTest
class BoltAuthenticationTest {

    @Autowired
    EmbeddedNeo4jConfiguration.EmbeddedDatabase database;
    @Autowired
    Neo4jClient neo4j;

    @Test
    void withoutTheApplicationsPasswordTheBoltPortRefusesToConnect() {
        try (Driver anonymous = GraphDatabase.driver(database.boltUri(), AuthTokens.none())) {
            assertThatThrownBy(anonymous::verifyConnectivity).isInstanceOf(SecurityException.class);
        }
        try (Driver guessing = GraphDatabase.driver(database.boltUri(), AuthTokens.basic("neo4j", "neo4j"))) {
            assertThatThrownBy(guessing::verifyConnectivity).isInstanceOf(AuthenticationException.class);
        }
        // The application's own driver, with the password of this run, works.
        assertThat(neo4j.query("RETURN 1 AS one").fetchAs(Long.class).one()).contains(1L);
    }
}
