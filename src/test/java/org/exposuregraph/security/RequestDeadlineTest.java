package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The per-request deadline stops the database's work, not only the answer: a slow analysis past a three-second
 * deadline is answered DEADLINE_EXCEEDED about then, and its transaction is gone from the database. And one key
 * runs at most {@code concurrent-expensive} expensive requests at once, the next refused naming the limit.
 */
@EmptyGraphTest
@TestPropertySource(properties = {"exposuregraph.security.limits.deadline=3s",
        "exposuregraph.security.limits.expensive-cost=50", "exposuregraph.security.limits.concurrent-expensive=1"})
class RequestDeadlineTest {

    /** Vendors that all sub-process for each other: a supply chain six hops deep has ~29^5 routes to walk. */
    private static final int VENDORS = 30;
    private static final String SLOW = "{ supplyChain(clientId: \"clinic\", maxDepth: 6) { links { hops } } }";
    private static final String QUICK = "{ supplyChain(clientId: \"lonely-clinic\", maxDepth: 6) { links { hops } } }";

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4j;
    @LocalServerPort
    int port;

    @BeforeEach
    void denseSupplyChain() {
        fixtures.reset();
        String vendors = IntStream.range(0, VENDORS)
                .mapToObj(i -> "{\"id\": \"v%d\", \"name\": \"Vendor %d\", \"kind\": \"VENDOR\"}".formatted(i, i))
                .collect(Collectors.joining(","));
        String links = IntStream.range(0, VENDORS).boxed()
                .flatMap(i -> IntStream.range(0, VENDORS).filter(j -> j != i)
                        .mapToObj(j -> "{\"processor\": \"v%d\", \"subProcessor\": \"v%d\"}".formatted(i, j)))
                .collect(Collectors.joining(","));
        String graph = """
                {"dataCategories": [{"id": "health", "name": "Health", "sensitivity": 5}],
                 "organisations": [%s, {"id": "clinic", "name": "Clinic", "kind": "PRIVATE_CLINIC"},
                                   {"id": "lonely-clinic", "name": "Lonely Clinic", "kind": "PRIVATE_CLINIC"},
                                   {"id": "lonely-vendor", "name": "Lonely Vendor", "kind": "VENDOR"}],
                 "dataFlows": [{"client": "clinic", "processor": "v0", "categories": ["health"]},
                               {"client": "lonely-clinic", "processor": "lonely-vendor", "categories": ["health"]}],
                 "subProcessing": [%s]}""".formatted(vendors, links);
        TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/api/imports/native")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(graph.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
    }

    @Test
    void aQueryPastTheDeadlineIsStoppedInTheDatabaseAndTheRefusalNamesTheDeadline() {
        long start = System.nanoTime();
        String answer = graphQl(SLOW);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer).contains("DEADLINE_EXCEEDED").contains("deadline of 3 s")
                .contains("exposuregraph.security.limits.deadline").doesNotContain("\"hops\"");
        // Without the transaction timeout the request would wait for the whole walk (minutes, or the database's
        // own 60 s limit); with it the database stops at the deadline, rounded up to the second.
        assertThat(millis).as("answered soon after the 3 s deadline").isLessThan(20_000);
        assertThat(runningSupplyChains()).as("the stopped query's transaction").isEmpty();
    }

    @Test
    void aKeyRunsAtMostItsCapOfExpensiveRequestsAtOnce() throws Exception {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> graphQl(SLOW));
        // Wait until the first is running in the database, then a second from the same key is refused.
        long until = System.nanoTime() + 10_000_000_000L;
        while (runningSupplyChains().isEmpty() && !first.isDone() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        String second = graphQl(QUICK);
        assertThat(second).contains("TOO_MANY_EXPENSIVE_REQUESTS").contains("exposuregraph.security.limits.concurrent-expensive")
                .contains("already runs 1 requests costing 50 or more");
        assertThat(first.get()).contains("DEADLINE_EXCEEDED");
        // The permit is handed back with the answer: the next expensive request is let in.
        assertThat(graphQl(QUICK)).doesNotContain("TOO_MANY_EXPENSIVE_REQUESTS").contains("supplyChain");
    }

    private List<String> runningSupplyChains() {
        return neo4j.query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").fetchAs(String.class).all()
                .stream().filter(q -> q != null && q.contains("SUBPROCESSES_TO*0..")).toList();
    }

    private String graphQl(String query) {
        return TestClients.withKey(port, "", TestKeys.READER).mutate().responseTimeout(java.time.Duration.ofMinutes(3)).build()
                .post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("query", query))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }
}
