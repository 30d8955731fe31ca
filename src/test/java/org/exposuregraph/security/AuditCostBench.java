package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.exposuregraph.database.InProcessGraph;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.neo4j.core.Neo4jClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the read audit costs (docs/security.md, "Audit"): a cheap query's requests per second over real HTTP with
 * the audit record written and with it left out, for one client and for eight, and the audit write alone. A
 * measurement, not part of the build (its name does not end in Test):
 * {@code mvn -B -o test -Dtest=AuditCostBench -Daudit.seconds=5}.
 */
@EmptyGraphTest
class AuditCostBench {

    /** While false, the audit writes nothing: the "without" figures. */
    static volatile boolean auditing = true;

    @TestConfiguration
    static class SwitchableAudit {
        @Bean
        @Primary
        AuditLog switchableAuditLog(Neo4jClient neo4jClient, JsonMapper json, ObjectProvider<InProcessGraph> inProcess) {
            return new AuditLog(neo4jClient, json, inProcess) {
                @Override
                public void record(Entry entry) {
                    if (auditing) {
                        super.record(entry);
                    }
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    AuditLog audit;

    @Test
    void measure() throws Exception {
        int seconds = Integer.getInteger("audit.seconds", 5);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        rate(http, 1, 2); // warm-up
        for (int clients : new int[] {1, 8}) {
            auditing = false;
            double without = rate(http, clients, seconds);
            auditing = true;
            double with = rate(http, clients, seconds);
            System.out.printf("AUDIT clients=%d without=%.1f req/s with=%.1f req/s (%.2f ms more per request)%n",
                    clients, without, with, 1000.0 * clients / with - 1000.0 * clients / without);
        }
        for (int threads : new int[] {1, 8}) {
            AtomicLong records = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        audit.record(new AuditLog.Entry("bench", "GRAPHQL", "query bench", null, "OK", null, null));
                        records.incrementAndGet();
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS)).isTrue();
            System.out.printf("AUDIT record() threads=%d %.1f records/s, %.2f ms each%n", threads,
                    records.get() / (double) seconds, 1000.0 * threads * seconds / records.get());
        }
    }

    private double rate(HttpClient http, int clients, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(TestKeys.HEADER, TestKeys.READER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"{ __typename }\"}")).build();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        (response.statusCode() == 200 && !response.body().contains("errors") ? done : errors).incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS)).isTrue();
        assertThat(errors.get()).isZero();
        return done.get() / (double) seconds;
    }
}
