package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.Page;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.summary.Plan;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The audit trail pages newest first, ties on the time broken by id, with no record skipped or repeated, and each
 * page is read along the time index instead of sorting the whole trail.
 */
@EmptyGraphTest
class AuditLogPagingTest {

    static final AuditLog.Filter EVERYTHING = new AuditLog.Filter(null, null, null, null, null);

    @Autowired
    AuditLog auditLog;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4jClient;
    @Autowired
    Driver driver;

    @BeforeEach
    void trailWithTiesAndWholeSeconds() {
        fixtures.reset();
        // A whole second and the half second after it: as text "…:00Z" sorts after "…:00.5Z", as time before it.
        List<Map<String, Object>> events = List.of(
                event("a", "2026-01-01T12:00:00Z", "alice"),
                event("b", "2026-01-01T12:00:00.5Z", "bob"),
                event("c", "2026-01-01T12:00:00Z", "alice"),
                event("d", "2026-01-01T12:00:01Z", "bob"),
                event("e", "2026-01-01T12:00:00.5Z", "alice"),
                event("f", "2026-01-01T11:59:59.999Z", "bob"),
                event("g", "2026-01-01T12:00:01Z", "alice"));
        neo4jClient.query("""
                UNWIND $events AS e
                CREATE (:AuditEvent {id: e.id, at: datetime(e.at), actor: e.actor, kind: 'GRAPHQL', operation: 'query',
                                     outcome: 'OK'})
                """).bind(events).to("events").run();
    }

    private static Map<String, Object> event(String id, String at, String actor) {
        return Map.of("id", id, "at", at, "actor", actor);
    }

    private List<String> allPages(int size, AuditLog.Filter filter) {
        List<String> ids = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 20; pages++) {
            Page<AuditEvent> page = auditLog.page(size, after, filter);
            page.getEdges().forEach(edge -> ids.add(edge.getNode().id()));
            if (!page.getPageInfo().isHasNextPage()) {
                return ids;
            }
            after = page.getEdges().get(page.getEdges().size() - 1).getCursor().getValue();
        }
        throw new AssertionError("more pages than records: " + ids);
    }

    @Test
    void pagesRunNewestFirstWithTiesByIdAndNoGapsWhateverThePageSize() {
        List<String> newestFirst = List.of("g", "d", "e", "b", "c", "a", "f");
        for (int size = 1; size <= 8; size++) {
            assertThat(allPages(size, EVERYTHING)).as("pages of %s", size).isEqualTo(newestFirst);
        }
        assertThat(allPages(2, new AuditLog.Filter("alice", null, null, null, null))).containsExactly("g", "e", "c", "a");
    }

    @Test
    void aCursorThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> auditLog.page(2, Page.encodeCursor("no bar in it"), EVERYTHING))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'after' is not a cursor");
        assertThatThrownBy(() -> auditLog.page(2, Page.encodeCursor("yesterday|a"), EVERYTHING))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'after' is not a cursor");
    }

    @Test
    void aPageIsReadAlongTheTimeIndexNotSortedWhole() {
        Map<String, Object> parameters = new HashMap<>();
        for (String name : List.of("actor", "outcome", "kind", "since", "until", "afterId")) {
            parameters.put(name, null);
        }
        parameters.put("upTo", "2026-01-01T12:00:00.5Z");
        parameters.put("limit", 3);
        try (var session = driver.session()) {
            Plan plan = session.run("EXPLAIN " + AuditLog.PAGE, parameters).consume().plan();
            List<String> operators = new ArrayList<>();
            collect(plan, operators);
            assertThat(operators).as("the plan's operators")
                    .anyMatch(operator -> operator.startsWith("NodeIndexSeekByRange"))
                    .noneMatch(operator -> operator.equals("Sort") || operator.startsWith("Top") || operator.startsWith("NodeByLabelScan"));
        }
    }

    private static void collect(Plan plan, List<String> operators) {
        operators.add(plan.operatorType().replaceAll("@.*", ""));
        plan.children().forEach(child -> collect(child, operators));
    }
}
