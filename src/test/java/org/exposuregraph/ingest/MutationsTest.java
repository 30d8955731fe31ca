package org.exposuregraph.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.exposuregraph.support.EmptyGraphTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

@EmptyGraphTest
class MutationsTest extends ImportTestSupport {

    @Autowired
    HttpGraphQlTester tester;
    GraphQlTester graphQl;

    @BeforeEach
    void seeded() {
        imports.seed();
        graphQl = tester.mutate().responseTimeout(java.time.Duration.ofMinutes(1)).build();
    }

    private GraphQlTester.Response save(String mutation, Map<String, Object> input) {
        return graphQl.documentName(mutation).variable("input", input).execute();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> errors(GraphQlTester.Response response, String mutation) {
        return response.path(mutation + ".errors").entity(List.class).get();
    }

    @Test
    void createsThenUpdatesAnOrganisationWithoutDuplicating() {
        Map<String, Object> input = Map.of("id", "docstore", "name", "DocStore Ltd", "kind", "VENDOR", "domain", "docstore.example");
        GraphQlTester.Response created = save("saveOrganisation", input);
        assertThat(errors(created, "saveOrganisation")).isEmpty();
        created.path("saveOrganisation.organisation.status").entity(String.class).isEqualTo("ACTIVE");

        GraphQlTester.Response renamed = save("saveOrganisation", Map.of("id", "docstore", "name", "DocStore Group", "kind", "VENDOR"));
        renamed.path("saveOrganisation.organisation.name").entity(String.class).isEqualTo("DocStore Group");
        assertThat(imports.count("MATCH (o:Organisation {id: 'docstore'}) RETURN count(o)")).isEqualTo(1);
        assertThat(imports.count("MATCH (o:Organisation {id: 'docstore'}) WHERE o.domain IS NULL RETURN count(o)")).isEqualTo(1);
    }

    @Test
    void invalidInputsComeBackAsFieldErrorsAndWriteNothing() {
        String before = imports.fingerprint();
        assertThat(errors(save("saveOrganisation", Map.of("id", "-bad id", "name", "X", "kind", "VENDOR")), "saveOrganisation"))
                .extracting(e -> e.get("field")).containsExactly("id");
        assertThat(errors(save("saveDataFlow", Map.of("client", "lister-fertility-clinic", "processor", "nowhere-ltd",
                "categories", List.of("health"))), "saveDataFlow")).extracting(e -> e.get("field")).containsExactly("processor");
        assertThat(errors(save("saveDataFlow", Map.of("client", "lister-fertility-clinic", "processor", "stor-a-file",
                "categories", List.of("telepathy"), "confidence", 150)), "saveDataFlow"))
                .extracting(e -> e.get("field")).containsExactlyInAnyOrder("confidence");
        assertThat(errors(save("saveClaim", Map.of("id", "c1", "subjectId", "no-such-fact", "property", "exists",
                "statement", "It happened.")), "saveClaim")).extracting(e -> e.get("field")).containsExactly("subjectId");
        assertThat(imports.fingerprint()).isEqualTo(before);
    }

    @Test
    void savesADataFlowAndADisputesClaimMarksItDisputed() {
        save("saveOrganisation", Map.of("id", "docstore", "name", "DocStore Ltd", "kind", "VENDOR"));
        GraphQlTester.Response flow = save("saveDataFlow", Map.of("client", "lister-fertility-clinic", "processor", "docstore",
                "categories", List.of("health", "identity-contact"), "people", 1700, "records", 5000, "since", "2020-01-01"));
        assertThat(errors(flow, "saveDataFlow")).isEmpty();
        flow.path("saveDataFlow.dataFlow.id").entity(String.class).isEqualTo("flow:lister-fertility-clinic:docstore");
        flow.path("saveDataFlow.dataFlow.categories[*].id").entityList(String.class).containsExactly("health", "identity-contact");
        flow.path("saveDataFlow.dataFlow.disputed").entity(Boolean.class).isEqualTo(false);
        flow.path("saveDataFlow.dataFlow.confidence").entity(Integer.class).isEqualTo(50);
        // The defaults shown are not stored (graph.Facts).
        assertThat(imports.count("""
                MATCH (:Organisation {id: 'lister-fertility-clinic'})-[e:ENTRUSTS]->(:Organisation {id: 'docstore'})
                WHERE e.confidence IS NULL AND e.sourceIds IS NULL AND e.disputed IS NULL RETURN count(e)""")).isEqualTo(1);

        save("saveSource", Map.of("id", "docstore-letter", "publisher", "DocStore Ltd", "published", "2024-02-01"))
                .path("saveSource.source.published").entity(String.class).isEqualTo("2024-02-01");
        GraphQlTester.Response claim = save("saveClaim", Map.of("id", "docstore-denies", "subjectId", "flow:lister-fertility-clinic:docstore",
                "property", "exists", "statement", "DocStore says it never held Lister's records.", "stance", "DISPUTES",
                "sourceIds", List.of("docstore-letter")));
        assertThat(errors(claim, "saveClaim")).isEmpty();
        claim.path("saveClaim.claim.sources[0].id").entity(String.class).isEqualTo("docstore-letter");
        assertThat(imports.count("MATCH (:Organisation {id: 'lister-fertility-clinic'})-[e:ENTRUSTS]->(:Organisation {id: 'docstore'}) WHERE e.disputed RETURN count(e)"))
                .isEqualTo(1);

        // Saving the flow again keeps it disputed: the claim still stands.
        save("saveDataFlow", Map.of("client", "lister-fertility-clinic", "processor", "docstore", "categories", List.of("health"),
                "people", 1800)).path("saveDataFlow.dataFlow.disputed").entity(Boolean.class).isEqualTo(true);
        assertThat(imports.count("MATCH (:Organisation {id: 'lister-fertility-clinic'})-[e:ENTRUSTS]->(:Organisation {id: 'docstore'}) RETURN count(e)"))
                .isEqualTo(1);
    }

    @Test
    void savesSubProcessingIncidentsAndAttributions() {
        save("saveOrganisation", Map.of("id", "cloudco", "name", "CloudCo", "kind", "VENDOR"));
        GraphQlTester.Response link = save("saveSubProcessing", Map.of("processor", "stor-a-file", "subProcessor", "cloudco",
                "purpose", "Backups"));
        assertThat(errors(link, "saveSubProcessing")).isEmpty();
        link.path("saveSubProcessing.subProcessing.allCategories").entity(Boolean.class).isEqualTo(true);

        GraphQlTester.Response incident = save("saveIncident", Map.of("id", "cloudco-2024", "name", "CloudCo breach", "kind", "DATA_THEFT_EXTORTION"));
        assertThat(errors(incident, "saveIncident")).isEmpty();
        incident.path("saveIncident.incident.leakStatus").entity(String.class).isEqualTo("UNKNOWN");

        GraphQlTester.Response attribution = save("saveAttribution", Map.of("incident", "cloudco-2024", "actor", "fin11", "confidence", 30));
        assertThat(errors(attribution, "saveAttribution")).isEmpty();
        attribution.path("saveAttribution.attribution.actor.id").entity(String.class).isEqualTo("fin11");
        attribution.path("saveAttribution.attribution.confidence").entity(Integer.class).isEqualTo(30);
        assertThat(errors(save("saveAttribution", Map.of("incident", "cloudco-2024", "actor", "nobody")), "saveAttribution"))
                .extracting(e -> e.get("field")).containsExactly("actor");
        assertThat(imports.count("MATCH (:Incident {id: 'cloudco-2024'})-[r:ATTRIBUTED_TO]->() RETURN count(r)")).isEqualTo(1);
    }
}
