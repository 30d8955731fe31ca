package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exposuregraph.graph.ChangeSet;
import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.GraphWriter;
import org.exposuregraph.ingest.ImportService;
import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every analysis over HTTP on fixtures/analytics-chain.cypher, with answers worked out by hand (in the
 * comments): a sub-processing cycle V → W → P0 → P1 → V, categories intersected along P0 → P1 → V,
 * trust-c reaching V by two routes, and P0 both a client of V and a processor.
 */
@EmptyGraphTest
@SuppressWarnings("unchecked")
class ExposureAnalyticsTest {

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;
    @Autowired
    WebTestClient http;
    @Autowired
    org.springframework.data.neo4j.core.Neo4jClient neo4jClient;
    @Autowired
    ImportService importService;
    @Autowired
    GraphWriter graphWriter;

    @BeforeEach
    void loadChain() {
        fixtures.load("analytics-chain");
    }

    private static List<Map<String, Object>> list(GraphQlTester.Response response, String path) {
        return response.path(path).entityList(Map.class).get().stream().map(m -> (Map<String, Object>) m).toList();
    }

    private static String id(Object node) {
        return (String) ((Map<String, Object>) node).get("id");
    }

    private static List<String> ids(Object nodes) {
        return ((List<Object>) nodes).stream().map(ExposureAnalyticsTest::id).toList();
    }

    private static Map<String, Map<String, Object>> byClient(List<Map<String, Object>> clients) {
        return clients.stream().collect(Collectors.toMap(c -> id(c.get("client")), c -> c));
    }

    @Test
    void pagesExposedClientsNearestFirstWithTotalsOnEveryPage() {
        var first = graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3)
                .variable("first", 2).execute();
        // Order: hops, then id. p0 and trust-c are direct; gp-b 2 hops; clinic-a 3 hops.
        first.path("vendorExposure.clients.edges[*].node.client.id").entityList(String.class).containsExactly("p0", "trust-c");
        first.path("vendorExposure.clients.totalCount").entity(Integer.class).isEqualTo(4);
        first.path("vendorExposure.clients.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        first.path("vendorExposure.directClients").entity(Integer.class).isEqualTo(2);
        first.path("vendorExposure.inferredClients").entity(Integer.class).isEqualTo(2);
        // Per category: mental-health reaches trust-c (20), gp-b (50), clinic-a (100); employment p0 (5), gp-b (50);
        // identity-contact trust-c (20).
        var stats = list(first, "vendorExposure.categoryStats");
        assertThat(stats).extracting(s -> id(s.get("category"))).containsExactly("mental-health", "employment", "identity-contact");
        assertThat(stats).extracting(s -> s.get("clients")).containsExactly(3, 2, 1);
        assertThat(stats).extracting(s -> s.get("people")).containsExactly(170, 55, 20);

        String cursor = first.path("vendorExposure.clients.pageInfo.endCursor").entity(String.class).get();
        var second = graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3)
                .variable("first", 2).variable("after", cursor).execute();
        second.path("vendorExposure.clients.edges[*].node.client.id").entityList(String.class).containsExactly("gp-b", "clinic-a");
        second.path("vendorExposure.clients.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void filtersByClientKindAndByCategoryWithItsSubCategories() {
        var kinds = graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3)
                .variable("clientKinds", List.of("GP_PRACTICE", "PRIVATE_CLINIC")).execute();
        kinds.path("vendorExposure.clients.edges[*].node.client.id").entityList(String.class).containsExactly("gp-b", "clinic-a");
        kinds.path("vendorExposure.totalPeople").entity(Integer.class).isEqualTo(150);

        // 'health' includes its sub-category mental-health. trust-c's direct flow carries only identity, so its
        // health data reaches V through P0 → P1 → V: 3 hops, not 1.
        var health = graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3)
                .variable("categories", List.of("health")).execute();
        var clients = byClient(list(health, "vendorExposure.clients.edges[*].node"));
        assertThat(clients).containsOnlyKeys("trust-c", "gp-b", "clinic-a");
        assertThat(clients.get("trust-c").get("hops")).isEqualTo(3);
        assertThat(ids(clients.get("trust-c").get("categories"))).containsExactly("mental-health");
        health.path("vendorExposure.totalPeople").entity(Integer.class).isEqualTo(20 + 50 + 100);
    }

    @Test
    void simulatesBreachOfSeveralVendorsAsUnionWithoutWriting() {
        var response = graphQl.documentName("simulateBreach").variable("vendorIds", List.of("v", "w")).execute();
        var clients = byClient(list(response, "simulateBreach.exposedClients"));
        // V's four clients plus mod-d, W's direct client; trust-c keeps its direct route to V (1 hop).
        assertThat(clients).containsOnlyKeys("trust-c", "p0", "gp-b", "clinic-a", "mod-d");
        assertThat(clients.get("mod-d").get("hops")).isEqualTo(1);
        assertThat(ids(clients.get("mod-d").get("categories"))).containsExactly("armed-forces");
        assertThat(clients.get("trust-c").get("hops")).isEqualTo(1);
        response.path("simulateBreach.totalPeople").entity(Integer.class).isEqualTo(20 + 5 + 50 + 100 + 7);
        response.path("simulateBreach.vendors[*].id").entityList(String.class).containsExactly("v", "w");
        // Only mental health: the same as vendorExposure(v) filtered, since W adds no mental-health client.
        var mental = graphQl.documentName("simulateBreach").variable("vendorIds", List.of("v", "w"))
                .variable("categories", List.of("mental-health")).execute();
        mental.path("simulateBreach.exposedClients[*].client.id").entityList(String.class)
                .containsExactly("gp-b", "clinic-a", "trust-c");
        // Nothing was written: V's exposure is unchanged.
        graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3).execute()
                .path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(4);
    }

    @Test
    void cachedAnswersFollowWritesToTheGraph() {
        var before = graphQl.documentName("concentrationRisk").variable("first", 1).execute();
        before.path("concentrationRisk[0].dependentClients").entity(Integer.class).isEqualTo(4);
        graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3).execute()
                .path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(4);
        // An import or edit from any module, through the one write door: a new direct client of V. Every cached
        // answer must see it, in the very next read.
        graphWriter.write("test", changes -> {
            neo4jClient.query("""
                    CREATE (n:Organisation {id: 'new-gp', name: 'New GP', kind: 'GP_PRACTICE', status: 'ACTIVE'})
                    WITH n MATCH (v:Organisation {id: 'v'})
                    CREATE (n)-[:ENTRUSTS {id: 'f-new', categories: ['health'], people: 1000}]->(v)""").run();
            return changes.element(ChangeSet.Outcome.CREATED, Facts.ORGANISATION, "new-gp")
                    .element(ChangeSet.Outcome.CREATED, Facts.ENTRUSTS, "f-new");
        });
        graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3).execute()
                .path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(5);
        graphQl.documentName("concentrationRisk").variable("first", 1).execute()
                .path("concentrationRisk[0].dependentClients").entity(Integer.class).isEqualTo(5);
    }

    @Test
    void cachedAnswersFollowAnInventoryImport(@TempDir Path dir) throws java.io.IOException {
        graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3).execute()
                .path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(4);
        // The bulk import turns the commit listener off while it writes; the answer must still move.
        Path inventory = dir.resolve("inventory.csv");
        Files.writeString(inventory, "type,id,name,kind,domain,companyNumber,from,to,categories,people,records,purpose,since\n"
                + "organisation,new-gp,New GP,GP_PRACTICE,,,,,,,,,\n"
                + "flow,,,,,,new-gp,v,identity-contact,1000,,,\n");
        assertThat(importService.importFile("inventory", inventory).created()).isEqualTo(2);
        graphQl.documentName("exposurePage").variable("vendorId", "v").variable("maxDepth", 3).execute()
                .path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(5);
    }

    @Test
    void simulateBreachRejectsEmptyAndUnknownVendors() {
        graphQl.documentName("simulateBreach").variable("vendorIds", List.of()).execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST && e.getMessage().contains("vendorIds")).verify();
        graphQl.documentName("simulateBreach").variable("vendorIds", List.of("v", "nope")).execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND && e.getMessage().contains("nope")).verify();
        graphQl.documentName("simulateBreach").variable("vendorIds", List.of("v")).variable("categories", List.of("no-cat"))
                .execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND && e.getMessage().contains("no-cat")).verify();
    }

    @Test
    void incidentImpactListsExposureLeakedCategoriesAndNotificationWorklist() {
        var response = graphQl.documentName("incidentImpact").variable("incidentId", "inc-1").execute();
        response.path("incidentImpact.breachedVendors[*].id").entityList(String.class).containsExactly("v");
        response.path("incidentImpact.exposedClients[*].client.id").entityList(String.class)
                .containsExactly("p0", "trust-c", "gp-b", "clinic-a");
        response.path("incidentImpact.totalPeople").entity(Integer.class).isEqualTo(175);
        response.path("incidentImpact.leakedCategories[*].id").entityList(String.class).containsExactly("identity-contact");
        response.path("incidentImpact.heldOnlyCategories[*].id").entityList(String.class).containsExactly("mental-health", "employment");
        response.path("incidentImpact.incident.attributions[0].actor.aliases").entityList(String.class).containsExactly("G4ng");
        var notifications = list(response, "incidentImpact.notifications");
        // High risk (special category) first, then by id; mod-d is named affected but no flow reaches V in 3 hops.
        assertThat(notifications).extracting(n -> id(n.get("controller")))
                .containsExactly("clinic-a", "gp-b", "trust-c", "mod-d", "p0");
        assertThat(notifications).extracting(n -> n.get("notifyIndividuals")).containsExactly(true, true, true, false, false);
        // Discovered 2024-03-10: 72 hours later.
        assertThat(notifications).allSatisfy(n -> assertThat((String) n.get("deadline")).startsWith("2024-03-13T00:00"));
        var trust = notifications.get(2);
        assertThat((String) trust.get("reason")).contains("identity-contact").contains("reported leaked");
        assertThat((String) notifications.get(3).get("reason")).contains("Named as affected");
    }

    @Test
    void incidentImpactOfUnknownIncidentIsNotFound() {
        graphQl.documentName("incidentImpact").variable("incidentId", "nope").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND && e.getMessage().contains("nope")).verify();
    }

    @Test
    void threatActorReachFollowsTheFamilyToVendorsRunningExploitedSoftware() {
        var response = graphQl.documentName("threatActorReach").variable("actorId", "gang").execute();
        // crew uses gang: crew's exploit of CVE-X (in ftp, run by V) counts; 'other' is only related: CVE-Y does not.
        response.path("threatActorReach.family[*].id").entityList(String.class).containsExactly("gang", "crew");
        response.path("threatActorReach.vulnerabilities[*].id").entityList(String.class).containsExactly("CVE-X");
        response.path("threatActorReach.software[*].id").entityList(String.class).containsExactly("ftp");
        response.path("threatActorReach.atRiskVendors[*].id").entityList(String.class).containsExactly("v");
        response.path("threatActorReach.incidents[*].id").entityList(String.class).containsExactly("inc-1");
        response.path("threatActorReach.victims[*].id").entityList(String.class).containsExactly("mod-d", "v");
        // Ranked by sensitivity (mental health 5 beats employment 2), then people.
        response.path("threatActorReach.atRiskClients[*].client.id").entityList(String.class)
                .containsExactly("clinic-a", "gp-b", "trust-c", "p0");
        graphQl.documentName("threatActorReach").variable("actorId", "nobody").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND).verify();
    }

    @Test
    void concentrationRiskRanksTransitiveDependence() {
        var all = list(graphQl.documentName("concentrationRisk").execute(), "concentrationRisk");
        assertThat(all).extracting(r -> id(r.get("organisation"))).containsExactly("v", "p1", "p0", "w");
        var v = all.get(0);
        // V: trust-c (5), p0 (2), gp-b (5), clinic-a (5): mean 4.25; people 20 + 5 + 50 + 100.
        assertThat(v.get("dependentClients")).isEqualTo(4);
        assertThat(v.get("specialCategoryClients")).isEqualTo(3);
        assertThat(v.get("people")).isEqualTo(175);
        assertThat((Double) v.get("score")).isCloseTo(4 * 4.25 / 5 * Math.log10(185), within(0.001));
        // P1 via P0 → P1 and W → P0 → P1: gp-b, clinic-a, trust-c; mod-d's armed-forces data is not passed on.
        var p1 = all.get(1);
        assertThat(p1.get("dependentClients")).isEqualTo(3);
        assertThat(p1.get("people")).isEqualTo(170);
        // P0: clinic-a, trust-c directly; mod-d through W → P0; P0 itself (client of V) does not depend on itself.
        assertThat(all.get(2).get("dependentClients")).isEqualTo(3);
        assertThat(all.get(2).get("people")).isEqualTo(127);

        var gps = list(graphQl.documentName("concentrationRisk").variable("kind", "GP_PRACTICE").execute(), "concentrationRisk");
        assertThat(gps).extracting(r -> id(r.get("organisation"))).containsExactlyInAnyOrder("v", "p1", "w");
        assertThat(gps).allSatisfy(r -> assertThat(r.get("dependentClients")).isEqualTo(1));
        var forces = list(graphQl.documentName("concentrationRisk").variable("category", "armed-forces").execute(), "concentrationRisk");
        assertThat(forces).extracting(r -> id(r.get("organisation"))).containsExactly("p0", "w");
        var top1 = list(graphQl.documentName("concentrationRisk").variable("first", 1).execute(), "concentrationRisk");
        assertThat(top1).hasSize(1);
    }

    @Test
    void supplyChainIsTheMirrorOfExposureWithSoftware() {
        var response = graphQl.documentName("supplyChain").variable("clientId", "clinic-a").variable("maxDepth", 3).execute();
        var links = list(response, "supplyChain.links");
        // clinic-a → P0 (mental, identity) → P1 (both pass) → V (only mental passes); P1 runs crm, V runs ftp.
        assertThat(links).extracting(l -> l.get("organisation") == null ? "sw:" + id(l.get("software")) : id(l.get("organisation")))
                .containsExactly("p0", "p1", "v", "sw:crm", "sw:ftp");
        assertThat(links).extracting(l -> l.get("hops")).containsExactly(1, 2, 3, 2, 3);
        assertThat(ids(links.get(2).get("categories"))).containsExactly("mental-health");
        assertThat(ids(links.get(2).get("path"))).containsExactly("clinic-a", "p0", "p1", "v");
        assertThat(ids(links.get(1).get("categories"))).containsExactly("mental-health", "identity-contact");
        assertThat(ids(links.get(4).get("path"))).containsExactly("clinic-a", "p0", "p1", "v");

        // trust-c reaches V directly (identity) and via P0 → P1 (mental): union, shortest path; W and back to P0 via the cycle.
        var trust = list(graphQl.documentName("supplyChain").variable("clientId", "trust-c").variable("maxDepth", 3).execute(),
                "supplyChain.links").stream().filter(l -> l.get("organisation") != null)
                .collect(Collectors.toMap(l -> id(l.get("organisation")), l -> l));
        assertThat(trust).containsOnlyKeys("v", "p0", "p1", "w");
        assertThat(ids(trust.get("v").get("categories"))).containsExactly("mental-health", "identity-contact");
        assertThat(trust.get("v").get("hops")).isEqualTo(1);
        assertThat(ids(trust.get("p0").get("categories"))).containsExactly("mental-health", "identity-contact");
        assertThat(ids(trust.get("w").get("categories"))).containsExactly("identity-contact");
    }

    @Test
    void riskAssessmentExplainsItsScoreAndMatchesTheRanking() {
        var response = graphQl.documentName("riskAssessments").variable("vendorId", "v").variable("first", 2).execute();
        var factors = list(response, "vendorRiskAssessment.factors");
        double score = response.path("vendorRiskAssessment.score").entity(Double.class).get();
        assertThat(factors.stream().mapToDouble(f -> ((Number) f.get("contribution")).doubleValue()).sum()).isCloseTo(score, within(0.05));
        Map<String, Map<String, Object>> byName = factors.stream().collect(Collectors.toMap(f -> (String) f.get("name"), f -> f));
        // One incident (of 3 for the maximum), one actor (crew) exploiting CVE-X (CVSS 9.8) in ftp,
        // chain V → W → P0 → P1 of depth 3 (and back to V: 4, relationship-unique).
        assertThat(((Number) byName.get("incidentHistory").get("value")).doubleValue()).isCloseTo(1 / 3.0, within(0.001));
        assertThat(((Number) byName.get("threatActors").get("value")).doubleValue()).isCloseTo(1 / 3.0, within(0.001));
        assertThat(((Number) byName.get("vulnerabilities").get("value")).doubleValue()).isCloseTo(0.98, within(0.001));
        assertThat(((Number) byName.get("subProcessingDepth").get("value")).doubleValue()).isEqualTo(1.0);
        assertThat(((Number) byName.get("specialCategoryShare").get("value")).doubleValue()).isEqualTo(0.75);
        assertThat((String) byName.get("incidentHistory").get("explanation")).contains("1 recorded incident");

        // The ranking computes V from the whole-graph table: same score.
        var all = new java.util.ArrayList<Map<String, Object>>();
        String after = null;
        do {
            var page = graphQl.documentName("riskAssessments").variable("vendorId", "v").variable("first", 2).variable("after", after).execute();
            all.addAll(list(page, "vendorRiskAssessments.edges[*].node"));
            after = page.path("vendorRiskAssessments.pageInfo.hasNextPage").entity(Boolean.class).get()
                    ? page.path("vendorRiskAssessments.pageInfo.endCursor").entity(String.class).get() : null;
        } while (after != null);
        assertThat(all).extracting(a -> id(a.get("vendor"))).containsExactlyInAnyOrder("v", "w", "p0", "p1");
        assertThat(all).extracting(a -> ((Number) a.get("score")).doubleValue()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        var vInList = all.stream().filter(a -> id(a.get("vendor")).equals("v")).findFirst().orElseThrow();
        assertThat(((Number) vInList.get("score")).doubleValue()).isEqualTo(score);

        var high = graphQl.documentName("riskAssessments").variable("vendorId", "v").variable("minScore", score).execute();
        high.path("vendorRiskAssessments.edges[*].node.score").entityList(Double.class)
                .satisfies(scores -> assertThat(scores).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(score)));
    }

    @Test
    void exportsOneCsvRowPerClientAndCategory() {
        String csv = http.get().uri("/api/exports/exposure.csv?vendorId=v&maxDepth=3").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", ExposureExportController.COLUMNS));
        // p0: employment; trust-c: mental-health, identity-contact; gp-b: mental-health, employment; clinic-a: mental-health.
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines).anyMatch(l -> l.startsWith("v,clinic-a,Clinic A,PRIVATE_CLINIC,mental-health,Mental health,true,false,3,false,clinic-a > p0 > p1 > v,100,60,false"));
        String incident = http.get().uri("/api/exports/incident-exposure.csv?incidentId=inc-1").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(incident.lines().count()).isEqualTo(7);
        http.get().uri("/api/exports/exposure.csv?vendorId=nope").exchange().expectStatus().isNotFound()
                .expectBody(String.class).value(body -> assertThat(body).contains("nope"));
        http.get().uri("/api/exports/exposure.csv?vendorId=v&maxDepth=9").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/exports/exposure.csv").exchange().expectStatus().isBadRequest();
    }
}
