package org.exposuregraph.web;

import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * What a browser test on an empty graph ({@code @EmptyGraphTest}) works with: a browser for the class, the
 * application's port, and the store to load fixtures into. Test classes run one after another, each
 * starting and quitting its own browser through the shared extension.
 */
abstract class EmptyGraphPage {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;
}
