package org.exposuregraph.ingest;

import java.util.Map;
import java.util.function.Consumer;

import org.exposuregraph.database.GraphSessions;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.springframework.stereotype.Component;

/**
 * Streams query rows to a consumer without holding them all: exports of a national graph (millions of flows)
 * are written as they are read. Read sessions on the configured database, after the application's last writes
 * (bookmarks), parameterised statements. Not retried: rows already written to the caller cannot be taken back.
 */
@Component
class GraphReader {

    private final GraphSessions sessions;

    GraphReader(GraphSessions sessions) {
        this.sessions = sessions;
    }

    /** Runs a statement returning one map column named {@code row} and hands each row over as it arrives. */
    void stream(String statement, Map<String, Object> parameters, Consumer<Map<String, Object>> rows) {
        try (Session session = sessions.openRead()) {
            Result result = session.run(statement, parameters);
            while (result.hasNext()) {
                rows.accept(result.next().get("row").asMap());
            }
        }
    }
}
