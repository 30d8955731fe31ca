package org.exposuregraph.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Holds N concurrent clients on the analytics for a fixed time over loopback HTTP and prints throughput,
 * latency percentiles and errors. Bounded in time and stops by itself. In the ordinary build it runs as a
 * short smoke (8 clients, 5 s); the documented load run is
 * {@code mvn -B test -Dtest=AnalyticsLoadTest -Dload.clients=50 -Dload.seconds=60}.
 */
@SeededGraphTest
class AnalyticsLoadTest {

    private static final List<String> OPERATIONS = List.of(
            "{ vendorExposure(vendorId: \\\"stor-a-file\\\", maxDepth: 3) { totalClients totalPeople exposedClients { client { name } categories { id } path { id } } } }",
            "{ incident(id: \\\"stor-a-file-2021\\\") { name attributions { actor { name aliases } } claims { value } } }",
            "{ search(text: \\\"stor\\\") { id name type } }",
            "{ organisations(first: 20) { totalCount edges { node { id processors { categories { id } } } } } }",
            "{ threatActor(id: \\\"clop\\\") { usedBy { name } exploits { id affects { name } } } }");

    @Value("${local.server.port}")
    int port;

    @Test
    void analyticsUnderConcurrentLoadAnswerWithoutErrors() throws Exception {
        int clients = Integer.getInteger("load.clients", 8);
        int seconds = Integer.getInteger("load.seconds", 5);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // Warm-up: each operation once, so the figures describe a running service, not JIT and cache warm-up.
        for (String operation : OPERATIONS) {
            send(http, operation);
        }
        List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                int i = client;
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = send(http, OPERATIONS.get(i++ % OPERATIONS.size()));
                        latenciesMicros.add((System.nanoTime() - start) / 1_000);
                        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS)).isTrue();

        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        System.out.printf("LOAD clients=%d seconds=%d requests=%d throughput=%.1f req/s p50=%.1f ms p95=%.1f ms p99=%.1f ms errors=%d%n",
                clients, seconds, sorted.size(), sorted.size() / (double) seconds,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), errors.get());
        assertThat(sorted).isNotEmpty();
        assertThat(errors.get()).isZero();
    }

    private HttpResponse<String> send(HttpClient http, String operation) throws java.io.IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header(TestKeys.HEADER, TestKeys.READER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"" + operation + "\"}")).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static double percentile(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
