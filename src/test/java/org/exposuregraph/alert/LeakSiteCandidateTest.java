package org.exposuregraph.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.exposuregraph.support.AlertRequests;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Leak-site posts matched below the threshold are kept as candidates for an EDITOR: listed, accepted (the incident
 * breaches the organisation and a watch on its client gets the LEAK_SITE alert) or rejected (nothing linked, who
 * rejected it recorded); resolving twice is a BAD_REQUEST, a hidden candidate is NOT_FOUND like a missing one, a
 * re-import adds no candidate, and only EDITORs and above review.
 */
@EmptyGraphTest
@TestPropertySource(properties = {"exposuregraph.alerts.initial-backoff=300ms", "exposuregraph.alerts.max-attempts=3"})
class LeakSiteCandidateTest {

    /** Cloud Host and Records Co match by name only (score 70, below 90); nobody is NOBODY. */
    private static final String LISTING = """
            post_title,group_name,date_listed
            CLOUDHOST.EXAMPLE,clop,2026-11-01
            RECORDSCO.EXAMPLE,clop,2026-11-02
            NOBODY-AT-ALL.EXAMPLE,clop,2026-11-03
            """;
    private static final String CLOUD_HOST = "leak-site-clop-cloudhost-example@cloud-host";
    private static final String RECORDS_CO = "leak-site-clop-recordsco-example@records-co";
    private static final String SHREDDER = "leak-site-clop-shredderltd-example@shredder";

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    Neo4jClient neo4jClient;
    @LocalServerPort
    int port;
    HttpGraphQlTester editor;

    @BeforeEach
    void loadChainAndListing() {
        fixtures.load("alerts-chain");
        editor = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.EDITOR));
    }

    @Test
    void aWeakMatchIsKeptAsACandidateAndAcceptingItRaisesTheAlertOfAWatchOnItsClient() throws Exception {
        String watchId = graphQl.documentName("createWatch").variable("input", Map.of("name", "Riverside", "organisations", List.of("gp-a")))
                .execute().path("createWatch.watch.id").entity(String.class).get();
        Map<?, ?> report = importListing(LISTING, "");

        List<String> reasons = ((List<?>) report.get("skipped")).stream().map(s -> ((Map<?, ?>) s).get("reason").toString()).toList();
        assertThat(reasons).hasSize(3);
        assertThat(reasons.stream().filter(r -> r.startsWith("candidate: "))).hasSize(2).anySatisfy(r -> assertThat(r).contains(CLOUD_HOST));
        assertThat(reasons.stream().filter(r -> r.startsWith("unmatched: "))).hasSize(1);
        assertThat(breached("leak-site-clop-cloudhost-example")).as("not guessed").isEmpty();

        List<Map<String, Object>> pending = candidates(editor, "PENDING");
        assertThat(pending).extracting(c -> c.get("id")).containsExactly(CLOUD_HOST, RECORDS_CO);
        assertThat(pending.get(0)).containsEntry("score", 70).containsEntry("status", "PENDING")
                .containsEntry("incident", Map.of("id", "leak-site-clop-cloudhost-example", "name", "CLOUDHOST.EXAMPLE on the clop leak site"))
                .containsEntry("organisation", Map.of("id", "cloud-host", "name", "Cloud Host"));
        assertThat(pending.get(0).get("evidence").toString()).contains("Cloud Host");

        editor.documentName("resolveCandidate").variable("input", Map.of("id", CLOUD_HOST, "accept", true, "note", "same company"))
                .execute().path("resolveCandidate.errors").entityList(Object.class).hasSize(0)
                .path("resolveCandidate.candidate.status").entity(String.class).isEqualTo("ACCEPTED")
                .path("resolveCandidate.candidate.resolvedBy").entity(String.class).satisfies(name -> assertThat(name).as("the editor key's name").matches("key-[0-9a-f]{8}"));
        assertThat(breached("leak-site-clop-cloudhost-example")).containsExactly("cloud-host");

        assertThat(AlertRequests.awaitAlerts(graphQl, watchId, 1)).singleElement().satisfies(alert -> {
            assertThat(alert.get("event")).isEqualTo("LEAK_SITE");
            assertThat(alert.get("subjectId")).isEqualTo("leak-site-clop-cloudhost-example");
            assertThat(alert.get("exposed")).asList().singleElement().satisfies(e ->
                    assertThat(((Map<?, ?>) e).get("path")).isEqualTo(List.of("gp-a", "records-co", "cloud-host")));
        });
    }

    @Test
    void aRejectedCandidateLinksNothingRecordsWhoAndCannotBeResolvedAgain() {
        importListing(LISTING, "");
        editor.documentName("resolveCandidate").variable("input", Map.of("id", RECORDS_CO, "accept", false))
                .execute().path("resolveCandidate.candidate.status").entity(String.class).isEqualTo("REJECTED")
                .path("resolveCandidate.candidate.resolvedBy").entity(String.class).satisfies(name -> assertThat(name).as("the editor key's name").matches("key-[0-9a-f]{8}"));
        assertThat(breached("leak-site-clop-recordsco-example")).isEmpty();

        editor.documentName("resolveCandidate").variable("input", Map.of("id", RECORDS_CO, "accept", true)).execute()
                .errors().expect(e -> "BAD_REQUEST".equals(String.valueOf(e.getErrorType()))
                        && e.getMessage().contains("already REJECTED")).verify();
        assertThat(breached("leak-site-clop-recordsco-example")).as("still nothing linked").isEmpty();

        importListing(LISTING, "");
        assertThat(candidates(editor, null)).as("a re-import adds no candidate and keeps the decision")
                .extracting(c -> c.get("id") + " " + c.get("status"))
                .containsExactly(CLOUD_HOST + " PENDING", RECORDS_CO + " REJECTED");
        assertThat(candidates(editor, "REJECTED")).extracting(c -> c.get("id")).containsExactly(RECORDS_CO);
    }

    @Test
    void aHiddenCandidateIsAbsentAndAnswersAsAMissingOneAndOnlyEditorsReview() {
        importListing(LISTING, "");
        importListing("post_title,group_name,date_listed\nSHREDDERLTD.EXAMPLE,clop,2026-11-04\n", "?tlp=RED");

        assertThat(candidates(graphQl, null)).extracting(c -> c.get("id")).contains(SHREDDER);
        assertThat(candidates(editor, null)).as("the AMBER editor cannot see the RED claim")
                .extracting(c -> c.get("id")).containsExactly(CLOUD_HOST, RECORDS_CO);
        editor.documentName("leakSiteCandidates").execute().path("leakSiteCandidates.totalCount").entity(Integer.class).isEqualTo(2);
        for (String id : List.of(SHREDDER, "no-such-candidate")) {
            editor.documentName("resolveCandidate").variable("input", Map.of("id", id, "accept", true)).execute()
                    .errors().expect(e -> "NOT_FOUND".equals(String.valueOf(e.getErrorType()))).verify();
        }
        assertThat(breached("leak-site-clop-shredderltd-example")).isEmpty();

        HttpGraphQlTester analyst = HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.ANALYST));
        analyst.documentName("leakSiteCandidates").execute()
                .errors().expect(e -> "FORBIDDEN".equals(String.valueOf(e.getErrorType()))).verify();
        analyst.documentName("resolveCandidate").variable("input", Map.of("id", CLOUD_HOST, "accept", true)).execute()
                .errors().expect(e -> "FORBIDDEN".equals(String.valueOf(e.getErrorType()))).verify();
        assertThat(breached("leak-site-clop-cloudhost-example")).isEmpty();
    }

    private Map<?, ?> importListing(String csv, String query) {
        return TestClients.withKey(port, "", TestKeys.ADMIN).post().uri("/api/imports/leak-site" + query)
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(csv.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private List<String> breached(String incidentId) {
        return List.copyOf(neo4jClient.query("MATCH (:Incident {id: $id})-[:BREACHED]->(o) RETURN o.id ORDER BY o.id")
                .bind(incidentId).to("id").fetchAs(String.class).all());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> candidates(HttpGraphQlTester tester, String status) {
        var request = tester.documentName("leakSiteCandidates");
        if (status != null) {
            request = request.variable("status", status);
        }
        return request.execute().path("leakSiteCandidates.edges[*].node").entityList(Map.class).get().stream()
                .map(m -> (Map<String, Object>) m).toList();
    }
}
