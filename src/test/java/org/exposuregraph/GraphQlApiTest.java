package org.exposuregraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.exposuregraph.support.SeededGraphTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The general read API over HTTP on the seed: lookups, pages, search, taxonomy and error shapes. */
@SeededGraphTest
class GraphQlApiTest {

    @Autowired
    HttpGraphQlTester graphQl;
    @Autowired
    WebTestClient http;

    @Test
    void organisationsPageForwardWithCursorsUntilTheEnd() {
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean hasNext = true;
        while (hasNext) {
            var response = graphQl.documentName("organisationsPage").variable("first", 4).variable("after", after).execute();
            List<String> ids = response.path("organisations.edges[*].node.id").entityList(String.class).get();
            assertThat(ids).hasSizeLessThanOrEqualTo(4);
            seen.addAll(ids);
            hasNext = response.path("organisations.pageInfo.hasNextPage").entity(Boolean.class).get();
            after = response.path("organisations.pageInfo.endCursor").entity(String.class).get();
            response.path("organisations.totalCount").entity(Integer.class).isEqualTo(13);
        }
        assertThat(seen).hasSize(13).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void organisationsFilterByKind() {
        graphQl.documentName("organisationsPage").variable("kind", "PRIVATE_CLINIC").variable("first", 10).execute()
                .path("organisations.edges[*].node.id").entityList(String.class)
                .containsExactly("lister-fertility-clinic", "marie-stopes-uk")
                .path("organisations.totalCount").entity(Integer.class).isEqualTo(2);
    }

    @Test
    void organisationShowsItsFlowsWithProvenanceAndSoftware() {
        var response = graphQl.documentName("organisationDetail").variable("id", "lister-fertility-clinic").execute();
        response.path("organisation.processors[0].processor.id").entity(String.class).isEqualTo("stor-a-file");
        response.path("organisation.processors[0].people").entity(Integer.class).isEqualTo(1700);
        response.path("organisation.processors[0].sources[0].publisher").entity(String.class)
                .satisfies(publisher -> assertThat(publisher).contains("Lister"));
        var vendor = graphQl.documentName("organisationDetail").variable("id", "stor-a-file").execute();
        vendor.path("organisation.directClientCount").entity(Integer.class).isEqualTo(7);
        vendor.path("organisation.software[0].software.vulnerabilities[0].id").entity(String.class).isEqualTo("CVE-2021-35211");
        vendor.path("organisation.incidents[0].id").entity(String.class).isEqualTo("stor-a-file-2021");
    }

    @Test
    void searchFindsByNameAliasAndIdentifier() {
        graphQl.documentName("search").variable("text", "Stor-a-File").execute()
                .path("search[0].id").entity(String.class).isEqualTo("stor-a-file")
                .path("search[0].type").entity(String.class).isEqualTo("Organisation");
        graphQl.documentName("search").variable("text", "cl0p").execute()
                .path("search[0].id").entity(String.class).isEqualTo("clop");
        graphQl.documentName("search").variable("text", "G0092").execute()
                .path("search[0].id").entity(String.class).isEqualTo("ta505");
        graphQl.documentName("search").variable("text", "bpas").execute()
                .path("search[0].id").entity(String.class).isEqualTo("bpas");
    }

    @Test
    void searchTreatsLuceneSyntaxAndInjectionAsPlainWords() {
        for (String hostile : List.of("\"unbalanced (quote", "*:*", "name:x OR 1=1", "'}) MATCH (n) DETACH DELETE n //", "AND OR NOT")) {
            graphQl.documentName("search").variable("text", hostile).execute().errors().verify();
        }
        graphQl.documentName("organisationsPage").variable("first", 1).execute()
                .path("organisations.totalCount").entity(Integer.class).isEqualTo(13);
    }

    @Test
    void taxonomyIsHierarchicalWithArticleNineFlags() {
        var response = graphQl.documentName("dataCategories").execute();
        response.path("dataCategories[?(@.id == 'abortion-records')].parent.id").entityList(String.class)
                .containsExactly("reproductive-health");
        response.path("dataCategories[?(@.id == 'abortion-records')].specialCategory").entityList(Boolean.class)
                .containsExactly(true);
        response.path("dataCategories[?(@.id == 'armed-forces-personnel')].sensitivePopulation").entityList(Boolean.class)
                .containsExactly(true);
        response.path("dataCategories[?(@.id == 'health')].children[*].id").entityList(String.class)
                .contains("mental-health", "reproductive-health");
    }

    @Test
    void unknownIdsAreNotFoundNamingTheId() {
        graphQl.document("{ incident(id: \"no-such-incident\") { id } }").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND && e.getMessage().contains("no-such-incident"))
                .verify();
        graphQl.document("{ threatActor(id: \"nobody\") { id } }").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND && e.getMessage().contains("nobody"))
                .verify();
    }

    @Test
    void badArgumentsAreBadRequests() {
        graphQl.document("{ organisations(first: -1) { totalCount } }").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST && e.getMessage().contains("first")).verify();
        graphQl.document("{ incidents(first: 100000) { totalCount } }").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST && e.getMessage().contains("500")).verify();
        graphQl.document("{ organisations(after: \"%%%not-a-cursor\") { totalCount } }").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST && e.getMessage().contains("after")).verify();
    }

    @Test
    void malformedRequestsNeverShowAStackTrace() {
        http.post().uri("/graphql").header("Content-Type", "application/json")
                .bodyValue("{\"query\": \"{ organisations(first: \\\"many\\\") { totalCount } }\"}")
                .exchange()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("ValidationError").doesNotContain("Exception").doesNotContain("\tat "));
        http.post().uri("/graphql").header("Content-Type", "application/json").bodyValue("{not json")
                .exchange()
                .expectStatus().is4xxClientError()
                .expectBody(String.class)
                .value(body -> assertThat(body).doesNotContain("\tat ").doesNotContain("Exception"));
    }

    @Test
    void healthAndGraphiqlAreServed() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/graphiql").exchange().expectStatus().isOk()
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self';"))
                .expectBody(String.class).value(page -> assertThat(page).contains("/webjars/graphiql/graphiql.min.js")
                        .doesNotContain("https://"));
    }
}
