package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Answers as of a date, on the Stor-a-File seed loaded through the native import, with two facts moved in time:
 * the Lister clinic's flow ended on 2022-03-01 (after the breach) and BPAS's flow only started on 2023-01-01.
 */
@EmptyGraphTest
class AsOfExposureTest {

    @Autowired
    GraphFixtures fixtures;
    @Autowired
    WebTestClient http;
    @Autowired
    HttpGraphQlTester graphQl;

    @BeforeEach
    void seedWithDatedFlows() {
        fixtures.reset();
        importNative(resource("seed-data/taxonomy.json"));
        String seed = resource("seed-data/stor-a-file.json");
        String dated = seed
                .replace("{\"id\": \"flow-lister-stor-a-file\",", "{\"id\": \"flow-lister-stor-a-file\", \"until\": \"2022-03-01\",")
                .replace("{\"id\": \"flow-bpas-stor-a-file\",", "{\"id\": \"flow-bpas-stor-a-file\", \"since\": \"2023-01-01\",");
        assertThat(dated).as("the seed still names both flows").isNotEqualTo(seed).contains("\"since\": \"2023-01-01\"", "\"until\": \"2022-03-01\"");
        importNative(dated);
    }

    @Test
    void anEndedFlowCountsBeforeItsEndAndNotAfter() {
        var today = graphQl.document("{ vendorExposure(vendorId: \"stor-a-file\") { asOf exposedClients { client { id } } } }").execute();
        today.path("vendorExposure.asOf").entity(String.class).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        today.path("vendorExposure.exposedClients[*].client.id").entityList(String.class)
                .doesNotContain("lister-fertility-clinic").contains("bpas");

        var then = graphQl.document("{ vendorExposure(vendorId: \"stor-a-file\", asOf: \"2021-06-01\") { asOf exposedClients { client { id } } } }").execute();
        then.path("vendorExposure.asOf").entity(String.class).isEqualTo("2021-06-01");
        then.path("vendorExposure.exposedClients[*].client.id").entityList(String.class)
                .contains("lister-fertility-clinic").doesNotContain("bpas");
        // The day a fact ends it no longer holds; the day it starts it does.
        graphQl.document("{ vendorExposure(vendorId: \"stor-a-file\", asOf: \"2022-03-01\") { exposedClients { client { id } } } }").execute()
                .path("vendorExposure.exposedClients[*].client.id").entityList(String.class).doesNotContain("lister-fertility-clinic");
        graphQl.document("{ vendorExposure(vendorId: \"stor-a-file\", asOf: \"2022-02-28\") { exposedClients { client { id } } } }").execute()
                .path("vendorExposure.exposedClients[*].client.id").entityList(String.class).contains("lister-fertility-clinic");
        graphQl.document("{ vendorExposure(vendorId: \"stor-a-file\", asOf: \"2023-01-01\") { exposedClients { client { id } } } }").execute()
                .path("vendorExposure.exposedClients[*].client.id").entityList(String.class).contains("bpas");
    }

    @Test
    void incidentImpactDefaultsToTheDiscoveryDate() {
        var impact = graphQl.document("""
                { incidentImpact(incidentId: "stor-a-file-2021") { asOf exposedClients { client { id } } notifications { controller { id } } } }""")
                .execute();
        impact.path("incidentImpact.asOf").entity(String.class).isEqualTo("2021-09-02");
        impact.path("incidentImpact.exposedClients[*].client.id").entityList(String.class)
                .contains("lister-fertility-clinic").doesNotContain("bpas");
        impact.path("incidentImpact.notifications[*].controller.id").entityList(String.class).contains("lister-fertility-clinic");

        var later = graphQl.document("""
                { incidentImpact(incidentId: "stor-a-file-2021", asOf: "2024-01-01") { asOf exposedClients { client { id } } } }""")
                .execute();
        later.path("incidentImpact.asOf").entity(String.class).isEqualTo("2024-01-01");
        later.path("incidentImpact.exposedClients[*].client.id").entityList(String.class)
                .doesNotContain("lister-fertility-clinic").contains("bpas");
    }

    @Test
    void exposureChangesListsClientsGainedAndLost() {
        var changes = graphQl.document("""
                { exposureChanges(vendorId: "stor-a-file", from: "2021-06-01", to: "2024-01-01") {
                    from to vendor { id }
                    gained { client { id } categories { id } whole }
                    lost { client { id } categories { id } whole } } }""").execute();
        changes.path("exposureChanges.from").entity(String.class).isEqualTo("2021-06-01");
        changes.path("exposureChanges.gained[*].client.id").entityList(String.class).containsExactly("bpas");
        changes.path("exposureChanges.gained[0].whole").entity(Boolean.class).isEqualTo(true);
        assertThat(changes.path("exposureChanges.gained[0].categories[*].id").entityList(String.class).get())
                .containsExactlyInAnyOrder("abortion-records", "foetal-scans", "identity-contact");
        changes.path("exposureChanges.lost[*].client.id").entityList(String.class).containsExactly("lister-fertility-clinic");
        changes.path("exposureChanges.lost[0].categories[*].id").entityList(String.class).contains("fertility-treatment");
        // Nothing moves between two dates on the same side of every change.
        var none = graphQl.document("""
                { exposureChanges(vendorId: "stor-a-file", from: "2024-01-01", to: "2025-01-01") { gained { whole } lost { whole } } }""")
                .execute();
        none.path("exposureChanges.gained").entityList(Object.class).hasSize(0);
        none.path("exposureChanges.lost").entityList(Object.class).hasSize(0);
    }

    @Test
    void otherAnalysesTakeTheDateToo() {
        var answers = graphQl.document("""
                { supplyChain(clientId: "lister-fertility-clinic", asOf: "2021-09-02") { asOf links { organisation { id } } }
                  now: supplyChain(clientId: "lister-fertility-clinic") { links { organisation { id } } }
                  simulateBreach(vendorIds: ["stor-a-file"], asOf: "2021-09-02") { asOf exposedClients { client { id } } }
                  threatActorReach(actorId: "clop", asOf: "2021-09-02") { asOf atRiskClients { client { id } } }
                  concentrationRisk(first: 50, asOf: "2021-09-02") { organisation { id } asOf dependentClients }
                  vendorRiskAssessment(vendorId: "stor-a-file", asOf: "2021-09-02") { asOf score }
                  vendorRiskAssessments(first: 5, asOf: "2021-09-02") { totalCount edges { node { asOf } } } }""").execute();
        answers.path("supplyChain.asOf").entity(String.class).isEqualTo("2021-09-02");
        answers.path("supplyChain.links[*].organisation.id").entityList(String.class).contains("stor-a-file");
        answers.path("now.links").entityList(Object.class).hasSize(0);
        answers.path("simulateBreach.exposedClients[*].client.id").entityList(String.class).contains("lister-fertility-clinic");
        answers.path("threatActorReach.asOf").entity(String.class).isEqualTo("2021-09-02");
        answers.path("threatActorReach.atRiskClients[*].client.id").entityList(String.class).contains("lister-fertility-clinic");
        // Stor-a-File's dependants on the breach date: the seven of the seed less BPAS (not yet a client).
        answers.path("concentrationRisk[?(@.organisation.id == 'stor-a-file')].dependentClients").entityList(Integer.class)
                .containsExactly(6);
        assertThat(answers.path("concentrationRisk[*].asOf").entityList(String.class).get()).isNotEmpty().containsOnly("2021-09-02");
        answers.path("vendorRiskAssessment.asOf").entity(String.class).isEqualTo("2021-09-02");
        assertThat(answers.path("vendorRiskAssessments.edges[*].node.asOf").entityList(String.class).get()).isNotEmpty().containsOnly("2021-09-02");
    }

    @Test
    void csvExportTakesTheDate() {
        String then = csv("/api/exports/exposure.csv?vendorId=stor-a-file&asOf=2021-09-02");
        assertThat(then).contains("lister-fertility-clinic").doesNotContain(",bpas,");
        String today = csv("/api/exports/exposure.csv?vendorId=stor-a-file");
        assertThat(today).doesNotContain("lister-fertility-clinic").contains(",bpas,");
        assertThat(csv("/api/exports/incident-exposure.csv?incidentId=stor-a-file-2021")).contains("lister-fertility-clinic");
        http.get().uri("/api/exports/exposure.csv?vendorId=stor-a-file&asOf=yesterday").exchange()
                .expectStatus().isBadRequest().expectBody(String.class).value(body -> assertThat(body).contains("asOf"));
    }

    private String csv(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private void importNative(String document) {
        http.post().uri("/api/imports/native").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(document.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();
    }

    private static String resource(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
