package org.exposuregraph.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.exposuregraph.support.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application in a child JVM, killed with SIGKILL while several clients send {@code save…} mutations over
 * HTTP. After restart (the store opened directly, recovery included): every mutation that was answered is
 * there with all its properties, and a mutation cut off by the kill is there whole or not at all: an
 * organisation with all its properties, a data flow with all of one version's properties, never a mix.
 */
class KilledMutationBurstTest {

    static final int CLIENTS = 4;
    /** Kill after this many answered mutations, or after {@link #BURST_LIMIT}, whichever comes first. */
    static final int KILL_AFTER = 150;
    static final Duration BURST_LIMIT = Duration.ofSeconds(10);
    /** Start-up takes 20-30 s on a quiet 2-core machine, several times that beside other builds. */
    static final Duration START_LIMIT = Duration.ofSeconds(240);

    static final String SAVE_ORGANISATION = """
            mutation saveOrganisation($input: OrganisationInput!) {
              saveOrganisation(input: $input) { organisation { id } errors { field message } }
            }""";
    static final String SAVE_DATA_FLOW = """
            mutation saveDataFlow($input: DataFlowInput!) {
              saveDataFlow(input: $input) { dataFlow { id } errors { field message } }
            }""";
    /** A data flow's properties as the mutation sets them (besides sourceIds and disputed, which it leaves empty). */
    /** What every saved flow holds; its derived id is not stored (graph.Facts), so a stored one shows as a difference. */
    static final List<String> FLOW_PROPERTIES = List.of("categories", "people", "records", "purpose", "since", "confidence");

    final Path dir = Path.of("target", "kill-burst-" + UUID.randomUUID()).toAbsolutePath();
    final String editorKey = "burst-editor-" + UUID.randomUUID(); // made up per run: nothing secret in the repository
    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    Process child;

    @AfterEach
    void cleanUp() throws IOException {
        if (child != null) {
            child.destroyForcibly();
        }
        FileSystemUtils.deleteRecursively(dir);
    }

    /** One organisation or data flow that the burst writes: the versions to send, in order, and how far it got. */
    static final class Written {
        final String mutation;
        final String from;
        final String to;
        final List<Map<String, Object>> versions;
        /** How many versions were sent. */
        int sent;
        /** Index in {@link #versions} of the last version answered with success; -1 for none. */
        int acknowledged = -1;

        Written(String mutation, String from, String to, List<Map<String, Object>> versions) {
            this.mutation = mutation;
            this.from = from;
            this.to = to;
            this.versions = versions;
        }

        /** The version sent and never answered (the child died meanwhile), if any. */
        Map<String, Object> inFlight() {
            return sent > acknowledged + 1 ? versions.get(acknowledged + 1) : null;
        }
    }

    @Test
    void aKilledMutationBurstLosesNothingAnsweredAndLeavesNothingHalfWritten() throws Exception {
        Path store = dir.resolve("graph");
        long started = System.nanoTime();
        child = ChildJvm.start(List.of("--server.port=0", "--exposuregraph.data-dir=" + store,
                "--exposuregraph.embedded.bolt-port=0", "--exposuregraph.seed.files=classpath:seed-data/taxonomy.json",
                "--exposuregraph.security.api-keys=" + editorKey + ":EDITOR",
                "--exposuregraph.security.requests-per-minute=100000"));
        URI graphql = URI.create("http://localhost:" + awaitPort(child) + "/graphql");

        // Each client writes under its own vendor, so concurrent transactions never lock the same node.
        List<Written> written = new ArrayList<>();
        List<List<Written>> perClient = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String id = "burst-vendor-" + c;
            Written vendor = new Written("saveOrganisation", id, null, List.of(organisation(id, "Burst vendor " + c, "VENDOR")));
            assertThat(send(graphql, vendor)).as("setting up %s", vendor.from).isEqualTo(Outcome.ANSWERED);
            written.add(vendor);
            perClient.add(new ArrayList<>());
        }

        AtomicInteger answered = new AtomicInteger();
        List<String> refused = new ArrayList<>();
        long burstStart = System.nanoTime();
        long killAt = burstStart + BURST_LIMIT.toNanos();
        // The clients outlast the kill; the bound only stops them should the kill itself go wrong.
        long clientsEnd = killAt + Duration.ofSeconds(30).toNanos();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> burst(graphql, client, perClient.get(client), answered, refused, clientsEnd),
                    runnable -> new Thread(runnable, "burst-client-" + client).start()));
        }
        while (answered.get() < KILL_AFTER && System.nanoTime() < killAt && child.isAlive()) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("the application died before the kill").isTrue();
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean close of the store
        long killed = System.nanoTime();
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        perClient.forEach(written::addAll);

        assertThat(refused).as("mutations answered with errors before the kill").isEmpty();
        long acknowledged = written.stream().mapToLong(w -> w.acknowledged + 1).sum();
        List<Written> cutOff = written.stream().filter(w -> w.inFlight() != null).toList();
        assertThat(acknowledged).as("mutations answered before the kill").isGreaterThan(20);
        assertThat(cutOff).as("mutations sent and never answered: the burst was still going at the kill").isNotEmpty();

        Report report = ChildJvm.readStore(store, tx -> check(tx, written));
        System.out.printf("Killed mutation burst: started in %.1f s, killed after %.1f s of burst by %d clients:"
                        + " %d mutations answered before the kill, %d in flight;"
                        + " after restart %d of %d answered records found whole; of those in flight %d applied whole, %d not at all%n",
                (burstStart - started) / 1e9, (killed - burstStart) / 1e9, CLIENTS, acknowledged, cutOff.size(), report.answeredFound, written.stream().filter(w -> w.acknowledged >= 0).count(),
                report.inFlightApplied, report.inFlightNotApplied);
        assertThat(report.problems).as("answered but lost, or half-written").isEmpty();
        assertThat(report.answeredFound).isEqualTo(written.stream().filter(w -> w.acknowledged >= 0).count());
        assertThat(report.halfRelationships).as("data flows missing a property or an end's properties").isZero();
        assertThat(report.unknownOrganisations).as("burst organisations in the store that no mutation sent").isEmpty();
        assertThat(report.auditedMutations).as("audited successful mutations (written before each answer)")
                .isBetween(acknowledged, acknowledged + cutOff.size());
    }

    /** One client: a new organisation, then a data flow to its vendor, then a second version of that flow. */
    private void burst(URI graphql, int client, List<Written> written, AtomicInteger answered, List<String> refused, long end) {
        String vendor = "burst-vendor-" + client;
        for (int i = 0; System.nanoTime() < end; i++) {
            String id = "burst-" + client + "-" + i;
            Written organisation = new Written("saveOrganisation", id, null,
                    List.of(organisation(id, "Burst clinic " + client + "-" + i, "PRIVATE_CLINIC")));
            // Two versions of the same flow: after the kill it must be one or the other, never a mix.
            Written flow = new Written("saveDataFlow", id, vendor, List.of(
                    flow(id, vendor, List.of("health", "identity-contact"), 100 + i, 1_000 + i, "Scanning, version 1", "2020-01-01", 40),
                    flow(id, vendor, List.of("health"), 200 + i, 2_000 + i, "Scanning, version 2", "2021-06-30", 70)));
            written.add(organisation);
            written.add(flow);
            for (Written next : List.of(organisation, flow, flow)) {
                Outcome outcome = send(graphql, next);
                if (outcome == Outcome.ANSWERED) {
                    answered.incrementAndGet();
                    continue;
                }
                if (outcome == Outcome.REFUSED) {
                    synchronized (refused) {
                        refused.add(next.mutation + " " + next.from);
                    }
                }
                return;
            }
        }
    }

    enum Outcome { ANSWERED, REFUSED, CUT_OFF }

    /** Sends the next version of {@code w}; on success marks it acknowledged. */
    private Outcome send(URI graphql, Written w) {
        Map<String, Object> input = w.versions.get(w.acknowledged + 1);
        String document = w.mutation.equals("saveOrganisation") ? SAVE_ORGANISATION : SAVE_DATA_FLOW;
        HttpRequest request = HttpRequest.newBuilder(graphql).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", editorKey)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", document, "variables", Map.of("input", input)))))
                .build();
        HttpResponse<String> response;
        w.sent++;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            w.sent--; // the child was already dead: nothing reached it
            return Outcome.CUT_OFF;
        } catch (IOException e) {
            return Outcome.CUT_OFF; // the child was killed with this request in flight
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.CUT_OFF;
        }
        JsonNode payload = json.readTree(response.body()).path("data").path(w.mutation);
        if (response.statusCode() != 200 || !payload.path("errors").isArray() || !payload.path("errors").isEmpty()) {
            return Outcome.REFUSED;
        }
        w.acknowledged++;
        return Outcome.ANSWERED;
    }

    private static Map<String, Object> organisation(String id, String name, String kind) {
        return Map.of("id", id, "name", name, "kind", kind, "domain", id + ".example", "postcode", "LS1 4AP",
                "description", "Written by the kill -9 burst test");
    }

    private static Map<String, Object> flow(String client, String vendor, List<String> categories, int people, int records,
                                            String purpose, String since, int confidence) {
        return Map.of("client", client, "processor", vendor, "categories", categories, "people", people, "records", records,
                "purpose", purpose, "since", since, "confidence", confidence);
    }

    static final class Report {
        final List<String> problems = new ArrayList<>();
        final List<String> unknownOrganisations = new ArrayList<>();
        long answeredFound;
        long inFlightApplied;
        long inFlightNotApplied;
        long halfRelationships;
        long auditedMutations;
    }

    private static Report check(Transaction tx, List<Written> written) {
        Report report = new Report();
        Set<String> sentOrganisations = new HashSet<>();
        for (Written w : written) {
            if (w.sent == 0) {
                continue;
            }
            Map<String, Object> found = w.mutation.equals("saveOrganisation") ? organisationIn(tx, w.from) : flowIn(tx, w.from, w.to);
            Map<String, Object> answeredVersion = w.acknowledged >= 0 ? expected(w, w.versions.get(w.acknowledged)) : null;
            Map<String, Object> inFlight = w.inFlight() == null ? null : expected(w, w.inFlight());
            if (w.mutation.equals("saveOrganisation")) {
                sentOrganisations.add(w.from);
            }
            // Whole: exactly the answered version, or exactly the one in flight; absent only if nothing was answered.
            boolean whole = found != null && (found.equals(answeredVersion) || found.equals(inFlight));
            boolean fine = whole || (found == null && answeredVersion == null);
            if (!fine) {
                report.problems.add(w.mutation + " " + w.from + (w.to == null ? "" : "->" + w.to) + ": found " + found
                        + ", answered " + answeredVersion + ", in flight " + inFlight);
            } else if (w.acknowledged >= 0) {
                report.answeredFound++; // as answered, or superseded by the whole version in flight
            }
            if (fine && inFlight != null) {
                if (inFlight.equals(found)) {
                    report.inFlightApplied++;
                } else {
                    report.inFlightNotApplied++;
                }
            }
        }
        report.halfRelationships = ChildJvm.count(tx, """
                MATCH (c:Organisation)-[r:ENTRUSTS]->(v:Organisation) WHERE c.id STARTS WITH 'burst-'
                  AND (any(p IN $properties WHERE r[p] IS NULL) OR c.name IS NULL OR c.kind IS NULL OR v.name IS NULL OR v.kind IS NULL)
                RETURN count(r) AS n""", Map.of("properties", FLOW_PROPERTIES));
        try (var ids = tx.execute("MATCH (o:Organisation) WHERE o.id STARTS WITH 'burst-' RETURN o.id AS id")) {
            ids.forEachRemaining(row -> {
                if (!sentOrganisations.contains((String) row.get("id"))) {
                    report.unknownOrganisations.add((String) row.get("id"));
                }
            });
        }
        report.auditedMutations = ChildJvm.count(tx,
                "MATCH (e:AuditEvent) WHERE e.operation STARTS WITH 'mutation save' AND e.outcome = 'OK' RETURN count(e) AS n");
        return report;
    }

    /** What the store must hold for this input: its properties as the store keeps them, compared as text. */
    private static Map<String, Object> expected(Written w, Map<String, Object> input) {
        Map<String, Object> expected = new TreeMap<>();
        if (w.mutation.equals("saveOrganisation")) {
            input.forEach((name, value) -> expected.put(name, String.valueOf(value)));
        } else {
            for (String name : FLOW_PROPERTIES) {
                expected.put(name, String.valueOf(input.get(name)));
            }
        }
        return expected;
    }

    private static Map<String, Object> organisationIn(Transaction tx, String id) {
        var node = tx.findNode(Label.label("Organisation"), "id", id);
        return node == null ? null : properties(node, List.of("id", "name", "kind", "domain", "postcode", "description"));
    }

    private static Map<String, Object> flowIn(Transaction tx, String client, String vendor) {
        var node = tx.findNode(Label.label("Organisation"), "id", client);
        if (node == null) {
            return null;
        }
        try (var relationships = node.getRelationships(Direction.OUTGOING,
                RelationshipType.withName("ENTRUSTS"))) {
            for (var relationship : relationships) {
                if (vendor.equals(relationship.getEndNode().getProperty("id", null))) {
                    return properties(relationship, java.util.stream.Stream.concat(java.util.stream.Stream.of("id"),
                            FLOW_PROPERTIES.stream()).toList());
                }
            }
        }
        return null;
    }

    /** The named properties, absent ones left out, as text (arrays as lists, dates as ISO dates). */
    private static Map<String, Object> properties(Entity entity, List<String> names) {
        Map<String, Object> found = new TreeMap<>();
        for (String name : names) {
            Object value = entity.getProperty(name, null);
            if (value instanceof String[] array) {
                value = Arrays.asList(array);
            }
            if (value != null) {
                found.put(name, String.valueOf(value));
            }
        }
        return found;
    }

    /** The HTTP port the child prints when it is ready; its log is then drained so it never blocks on a full pipe. */
    private static int awaitPort(Process child) throws Exception {
        return ChildJvm.awaitPort(child, START_LIMIT);
    }
}
