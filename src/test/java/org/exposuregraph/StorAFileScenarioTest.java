package org.exposuregraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exposuregraph.support.SeededGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/**
 * End to end, as a newcomer would use it: the app started on an empty folder, seeded with the Stor-a-File
 * case, answering the analyst's morning-after questions over HTTP.
 */
@SeededGraphTest
class StorAFileScenarioTest {

    @Autowired
    HttpGraphQlTester graphQl;

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> exposedClients() {
        List<Map<String, Object>> clients = graphQl.documentName("storAFileExposure").execute()
                .path("vendorExposure.exposedClients").entityList(Map.class).get()
                .stream().map(m -> (Map<String, Object>) m).toList();
        return clients.stream().collect(Collectors.toMap(
                c -> (String) ((Map<String, Object>) c.get("client")).get("id"), c -> c));
    }

    @SuppressWarnings("unchecked")
    private static List<String> categoryIds(Map<String, Object> client) {
        return ((List<Map<String, Object>>) client.get("categories")).stream().map(c -> (String) c.get("id")).toList();
    }

    @Test
    void storAFileBreachExposesItsNamedClientsWithTheirCategories() {
        var clients = exposedClients();
        assertThat(clients).containsOnlyKeys("lister-fertility-clinic", "nuffield-health-leicester", "marie-stopes-uk",
                "bpas", "gp-practices-stor-a-file-clients", "nhs-trusts-stor-a-file-clients", "ministry-of-defence");
        assertThat(categoryIds(clients.get("lister-fertility-clinic")))
                .contains("fertility-treatment", "consent-forms").doesNotContain("payment-card");
        assertThat(categoryIds(clients.get("bpas"))).contains("abortion-records", "foetal-scans");
        assertThat(categoryIds(clients.get("gp-practices-stor-a-file-clients"))).contains("hiv-tests", "mental-health");
        clients.values().forEach(client -> {
            assertThat(client.get("hops")).isEqualTo(1);
            assertThat(client.get("direct")).isEqualTo(true);
        });
    }

    @Test
    void flagsArticleNineAndSensitivePopulationsAndKeepsDisputes() {
        var clients = exposedClients();
        assertThat(clients.get("marie-stopes-uk").get("specialCategory")).isEqualTo(true);
        var mod = clients.get("ministry-of-defence");
        assertThat(mod.get("specialCategory")).isEqualTo(false);
        assertThat(mod.get("sensitivePopulation")).isEqualTo(true);
        assertThat(mod.get("disputed")).isEqualTo(true);
        assertThat((Integer) mod.get("confidence")).isLessThan(30);
        assertThat(clients.get("gp-practices-stor-a-file-clients").get("disputed")).isEqualTo(true);
        assertThat(clients.get("lister-fertility-clinic").get("disputed")).isEqualTo(false);
        assertThat(clients.get("lister-fertility-clinic").get("people")).isEqualTo(1700);
    }

    @Test
    void totalsAnswerHowManyAndWhatData() {
        var response = graphQl.documentName("storAFileExposure").execute();
        response.path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(7);
        response.path("vendorExposure.totalPeople").entity(Integer.class).isEqualTo(1700);
        response.path("vendorExposure.specialCategory").entity(Boolean.class).isEqualTo(true);
        response.path("vendorExposure.categories[*].id").entityList(String.class)
                .contains("abortion-records", "hiv-tests", "armed-forces-personnel", "identity-contact");
    }

    @Test
    void incidentNamesTheActorWithAliasesAndKeepsBothRansomFigures() {
        var response = graphQl.documentName("storAFileIncident").execute();
        response.path("incident.discovered").entity(String.class).isEqualTo("2021-09-02");
        response.path("incident.breachedVendors[0].id").entity(String.class).isEqualTo("stor-a-file");
        response.path("incident.attributions[0].actor.id").entity(String.class).isEqualTo("clop");
        response.path("incident.attributions[0].actor.aliases").entityList(String.class).contains("Cl0p");
        response.path("incident.attributions[0].actor.externalIds").entityList(String.class).contains("S0611");
        response.path("incident.attributions[0].actor.usedBy[*].id").entityList(String.class).containsExactly("ta505");
        response.path("incident.exploited[0].id").entity(String.class).isEqualTo("CVE-2021-35211");
        response.path("incident.claims[?(@.property == 'ransomDemand')].value").entityList(String.class)
                .contains("USD 4,000,000 in Bitcoin", "GBP 3,000,000 in Bitcoin").hasSize(2);
        response.path("incident.disputed").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void nhsEnglandDisputeOfGpExposureIsKeptBesideTheReportThatClaimsIt() {
        var response = graphQl.documentName("storAFileIncident").execute();
        String gp = "incident.reportedAffected[?(@.organisation.id == 'gp-practices-stor-a-file-clients')]";
        response.path(gp + ".sources[*].publisher").entityList(String.class).containsExactly("The Mail on Sunday");
        response.path(gp + ".claims[?(@.stance == 'DISPUTES')].sources[*].publisher").entityList(String.class)
                .containsExactly("NHS England (statement, reported in press)");
        response.path(gp + ".disputed").entityList(Boolean.class).containsExactly(true);
    }

    @Test
    void fin11StaysDistinctFromTa505() {
        var response = graphQl.documentName("threatActor").variable("id", "ta505").execute();
        response.path("threatActor.relatedTo[*].id").entityList(String.class).containsExactly("fin11");
        response.path("threatActor.externalIds").entityList(String.class).contains("G0092");
        response.path("threatActor.exploits[0].id").entity(String.class).isEqualTo("CVE-2021-35211");
        graphQl.documentName("threatActor").variable("id", "fin11").execute()
                .path("threatActor.externalIds").entityList(String.class).doesNotContain("G0092");
    }
}
