package org.exposuregraph.ingest;

import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the ingest tests share: an empty graph before each test and an import client over real HTTP. */
abstract class ImportTestSupport {

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    WebTestClient http;
    @Autowired
    Neo4jClient neo4j;
    ImportClient imports;

    @BeforeEach
    void emptyGraph() {
        fixtures.reset();
        imports = new ImportClient(http, neo4j);
    }
}
