package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.exposuregraph.support.SeededGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The analyst's morning-after questions (docs ../shared/scenario/stor-a-file.md) answered on the shipped seed. */
@SeededGraphTest
@SuppressWarnings("unchecked")
class StorAFileAnalyticsTest {

    private static final List<String> CLIENTS = List.of("bpas", "gp-practices-stor-a-file-clients", "lister-fertility-clinic",
            "marie-stopes-uk", "ministry-of-defence", "nhs-trusts-stor-a-file-clients", "nuffield-health-leicester");

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    WebTestClient http;

    @Test
    void whoMustNotifyAfterTheStorAFileBreach() {
        var response = graphQl.documentName("incidentImpact").variable("incidentId", "stor-a-file-2021").execute();
        response.path("incidentImpact.breachedVendors[*].id").entityList(String.class).containsExactly("stor-a-file");
        assertThat(response.path("incidentImpact.exposedClients[*].client.id").entityList(String.class).get())
                .containsExactlyInAnyOrderElementsOf(CLIENTS);
        response.path("incidentImpact.totalPeople").entity(Integer.class).isEqualTo(1700);
        response.path("incidentImpact.leakedCategories[*].id").entityList(String.class).contains("abortion-records", "hiv-tests", "armed-forces-personnel");
        response.path("incidentImpact.heldOnlyCategories[*].id").entityList(String.class).contains("fertility-treatment", "consent-forms")
                .doesNotContain("abortion-records");
        List<Map<String, Object>> notifications = response.path("incidentImpact.notifications").entityList(Map.class).get()
                .stream().map(m -> (Map<String, Object>) m).toList();
        assertThat(notifications).extracting(n -> ((Map<String, Object>) n.get("controller")).get("id"))
                .containsExactlyInAnyOrderElementsOf(CLIENTS);
        // Discovered 2 September 2021: the ICO must hear by 5 September 00:00 UTC. Every client exposes health or
        // armed-forces data, so every one must also consider telling the individuals.
        assertThat(notifications).allSatisfy(n -> {
            assertThat((String) n.get("deadline")).startsWith("2021-09-05T00:00");
            assertThat(n.get("notifyIndividuals")).isEqualTo(true);
        });
    }

    @Test
    void longWorklistsCanBeCutToTheirFirstEntriesWithTheirFullCount() {
        var response = graphQl.document("""
                { incidentImpact(incidentId: "stor-a-file-2021") {
                    notificationCount all: notifications { controller { id } } notifications(first: 2) { controller { id } } }
                  threatActorReach(actorId: "clop") {
                    atRiskClientCount all: atRiskClients { client { id } } atRiskClients(first: 3) { client { id } } } }""")
                .execute();
        List<String> notified = response.path("incidentImpact.all[*].controller.id").entityList(String.class).get();
        response.path("incidentImpact.notificationCount").entity(Integer.class).isEqualTo(CLIENTS.size());
        response.path("incidentImpact.notifications[*].controller.id").entityList(String.class)
                .containsExactly(notified.get(0), notified.get(1));
        List<String> atRisk = response.path("threatActorReach.all[*].client.id").entityList(String.class).get();
        response.path("threatActorReach.atRiskClientCount").entity(Integer.class).isEqualTo(atRisk.size());
        response.path("threatActorReach.atRiskClients[*].client.id").entityList(String.class)
                .containsExactly(atRisk.get(0), atRisk.get(1), atRisk.get(2));
        graphQl.document("{ threatActorReach(actorId: \"clop\") { atRiskClients(first: 501) { hops } } }").execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).contains("'first'")));
    }

    @Test
    void clopReachesStorAFileClientsThroughTheServUFlawItsOperatorExploits() {
        var response = graphQl.documentName("threatActorReach").variable("actorId", "clop").execute();
        response.path("threatActorReach.family[*].id").entityList(String.class).containsExactly("clop", "ta505");
        response.path("threatActorReach.vulnerabilities[*].id").entityList(String.class).contains("CVE-2021-35211");
        response.path("threatActorReach.atRiskVendors[*].id").entityList(String.class).containsExactly("stor-a-file");
        response.path("threatActorReach.incidents[*].id").entityList(String.class).containsExactly("stor-a-file-2021");
        response.path("threatActorReach.atRiskClients[*].client.id").entityList(String.class).hasSize(CLIENTS.size());
        // FIN11 is only related to TA505: none of this is attributed to it.
        graphQl.documentName("threatActorReach").variable("actorId", "fin11").execute()
                .path("threatActorReach.incidents").entityList(Object.class).hasSize(0);
    }

    @Test
    void storAFileConcentratesHealthDataOfItsClients() {
        var rows = graphQl.documentName("concentrationRisk").variable("category", "health").execute()
                .path("concentrationRisk").entityList(Map.class).get();
        Map<String, Object> top = rows.get(0);
        assertThat(((Map<String, Object>) top.get("organisation")).get("id")).isEqualTo("stor-a-file");
        assertThat(top.get("dependentClients")).isEqualTo(6); // everyone but the Ministry of Defence
        assertThat(top.get("specialCategoryClients")).isEqualTo(6);
    }

    @Test
    void listersDataReachesStorAFileAndItsServUServer() {
        var links = graphQl.documentName("supplyChain").variable("clientId", "lister-fertility-clinic").variable("maxDepth", 3).execute()
                .path("supplyChain.links").entityList(Map.class).get();
        assertThat(links).extracting(l -> l.get("organisation") == null ? "software:" + ((Map<String, Object>) l.get("software")).get("id")
                : ((Map<String, Object>) l.get("organisation")).get("id")).containsExactly("stor-a-file", "software:solarwinds-serv-u");
    }

    @Test
    void storAFileRiskReflectsItsBreachActorsAndVulnerableSoftware() {
        var response = graphQl.documentName("riskAssessments").variable("vendorId", "stor-a-file").execute();
        var factors = response.path("vendorRiskAssessment.factors").entityList(Map.class).get();
        Map<String, Double> values = new java.util.HashMap<>();
        factors.forEach(f -> values.put((String) f.get("name"), ((Number) f.get("value")).doubleValue()));
        assertThat(values.get("incidentHistory")).isCloseTo(1 / 3.0, within(0.001));
        assertThat(values.get("threatActors")).isCloseTo(1 / 3.0, within(0.001)); // TA505 exploits CVE-2021-35211 in Serv-U
        assertThat(values.get("vulnerabilities")).isEqualTo(1.0); // CVSS 10
        response.path("vendorRiskAssessments.edges[0].node.vendor.id").entity(String.class).isEqualTo("stor-a-file");
    }

    @Test
    void exportsTheIncidentAsCsv() {
        String csv = http.get().uri("/api/exports/incident-exposure.csv?incidentId=stor-a-file-2021").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        // Categories per client: Lister 6, Nuffield 1, Marie Stopes 3, BPAS 3, GP practices 7, trusts 1, MoD 2.
        assertThat(csv.lines().count()).isEqualTo(1 + 23);
        assertThat(csv).contains("stor-a-file,ministry-of-defence,");
    }
}
