package org.exposuregraph.ingest;

import java.util.Map;
import java.util.function.Consumer;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.springframework.stereotype.Component;

/**
 * Streams query rows to a consumer without holding them all: exports of a national graph (millions of flows)
 * are written as they are read. Read-only sessions, parameterised statements.
 */
@Component
class GraphReader {

    private final Driver driver;

    GraphReader(Driver driver) {
        this.driver = driver;
    }

    /** Runs a statement returning one map column named {@code row} and hands each row over as it arrives. */
    void stream(String statement, Map<String, Object> parameters, Consumer<Map<String, Object>> rows) {
        try (Session session = driver.session(SessionConfig.builder().withDefaultAccessMode(
                org.neo4j.driver.AccessMode.READ).build())) {
            Result result = session.run(statement, parameters);
            while (result.hasNext()) {
                rows.accept(result.next().get("row").asMap());
            }
        }
    }
}
