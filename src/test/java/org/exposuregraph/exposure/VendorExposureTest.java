package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.exposuregraph.support.GraphFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

/** vendorExposure over HTTP on a graph small enough to work out by hand (fixtures/exposure-chain.cypher). */
@EmptyGraphTest
class VendorExposureTest {

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    GraphFixtures fixtures;

    @BeforeEach
    void loadChain() {
        fixtures.load("exposure-chain");
    }

    private GraphQlTester.Response exposure(String vendorId, int maxDepth) {
        return graphQl.documentName("vendorExposure")
                .variable("vendorId", vendorId).variable("maxDepth", maxDepth)
                .execute();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> clientsById(GraphQlTester.Response response) {
        List<Map<String, Object>> clients = response.path("vendorExposure.exposedClients").entityList(Map.class).get()
                .stream().map(m -> (Map<String, Object>) m).toList();
        return clients.stream().collect(java.util.stream.Collectors.toMap(
                c -> (String) ((Map<String, Object>) c.get("client")).get("id"), c -> c));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Object list) {
        return ((List<Map<String, Object>>) list).stream().map(m -> (String) m.get("id")).toList();
    }

    @Test
    void directExposureOnlyAtDepthOne() {
        var clients = clientsById(exposure("v", 1));
        assertThat(clients).containsOnlyKeys("trust-c", "p0");
        assertThat(ids(clients.get("trust-c").get("categories"))).containsExactly("identity-contact");
        assertThat(clients.get("p0").get("direct")).isEqualTo(true);
    }

    @Test
    void intersectsCategoriesAlongSubProcessingChain() {
        var clients = clientsById(exposure("v", 3));
        assertThat(clients).containsOnlyKeys("trust-c", "p0", "gp-b", "clinic-a");
        // clinic-a gives P0 mental health and identity; P1 -> V passes on only mental health and employment.
        var clinic = clients.get("clinic-a");
        assertThat(ids(clinic.get("categories"))).containsExactly("mental-health");
        assertThat(clinic.get("hops")).isEqualTo(3);
        assertThat(clinic.get("direct")).isEqualTo(false);
        assertThat(ids(clinic.get("path"))).containsExactly("clinic-a", "p0", "p1", "v");
        assertThat(clinic.get("specialCategory")).isEqualTo(true);
        assertThat(clinic.get("confidence")).isEqualTo(60);
        var gp = clients.get("gp-b");
        assertThat(ids(gp.get("categories"))).containsExactlyInAnyOrder("mental-health", "employment");
        assertThat(gp.get("hops")).isEqualTo(2);
    }

    @Test
    void clientReachingVendorByTwoPathsGetsUnionOfCategoriesAndShortestPath() {
        var trust = clientsById(exposure("v", 3)).get("trust-c");
        assertThat(ids(trust.get("categories"))).containsExactlyInAnyOrder("identity-contact", "mental-health");
        assertThat(trust.get("hops")).isEqualTo(1);
        assertThat(ids(trust.get("path"))).containsExactly("trust-c", "v");
        assertThat(trust.get("people")).isEqualTo(20);
    }

    @Test
    void organisationThatIsBothClientAndProcessorIsExposedAsClient() {
        var p0 = clientsById(exposure("v", 3)).get("p0");
        assertThat(ids(p0.get("categories"))).containsExactly("employment");
        assertThat(p0.get("specialCategory")).isEqualTo(false);
    }

    @Test
    void survivesSubProcessingCycleAtEveryDepth() {
        for (int depth = 1; depth <= ExposureService.MAX_DEPTH; depth++) {
            var response = exposure("v", depth);
            response.errors().verify();
            // mod-d's data reaches V only through W -> P0 -> P1, where nothing it gives is passed on.
            assertThat(clientsById(response)).doesNotContainKey("mod-d").doesNotContainKey("v");
        }
    }

    @Test
    void totalsSumKnownPeopleOverExposedClients() {
        var response = exposure("v", 3);
        response.path("vendorExposure.totalClients").entity(Integer.class).isEqualTo(4);
        response.path("vendorExposure.totalPeople").entity(Integer.class).isEqualTo(20 + 5 + 50 + 100);
        response.path("vendorExposure.specialCategory").entity(Boolean.class).isEqualTo(true);
        response.path("vendorExposure.categories[*].id").entityList(String.class)
                .containsExactly("mental-health", "employment", "identity-contact");
    }

    @Test
    void unknownVendorIsNotFound() {
        exposure("no-such-vendor", 3).errors()
                .expect(error -> error.getErrorType() == ErrorType.NOT_FOUND
                        && error.getMessage().contains("no-such-vendor"))
                .verify();
    }

    @Test
    void depthOverCapIsBadRequest() {
        exposure("v", ExposureService.MAX_DEPTH + 1).errors()
                .expect(error -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("maxDepth"))
                .verify();
    }
}
