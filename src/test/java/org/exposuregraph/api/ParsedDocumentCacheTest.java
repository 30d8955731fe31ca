package org.exposuregraph.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import graphql.execution.preparsed.NoOpPreparsedDocumentProvider;
import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.http.MediaType;

/**
 * Documents are parsed and validated once and kept by their text; every caller's own limits (role, cost budget) still
 * apply to a kept one, and an invalid document is refused each time it is sent.
 */
@SeededGraphTest
class ParsedDocumentCacheTest {

    @Value("${local.server.port}")
    int port;

    @Autowired
    GraphQlSource graphQlSource;

    private String post(String key, String document) {
        return TestClients.withKey(port, "", key).post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", document)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    @Test
    void graphQlKeepsParsedDocuments() {
        assertThat(graphQlSource.graphQl().getPreparsedDocumentProvider()).isNotInstanceOf(NoOpPreparsedDocumentProvider.class);
    }

    @Test
    void aDocumentAnAdminRanIsStillTooCostlyForAReader() {
        // 120 × (1 + 100 + 1) = 12,240: within an ADMIN's budget, over a READER's 10,000.
        String document = "query parsedOnce { " + IntStream.range(0, 120)
                .mapToObj(i -> "e" + i + ": vendorExposure(vendorId: \"stor-a-file\") { totalClients }")
                .collect(Collectors.joining(" ")) + " }";
        assertThat(post(TestKeys.ADMIN, document)).contains("\"e119\":{\"totalClients\":7}").doesNotContain("errors");
        assertThat(post(TestKeys.READER, document)).contains("QUERY_TOO_COSTLY").contains("budget of 10000 for a READER key")
                .doesNotContain("totalClients");
    }

    @Test
    void aMutationAnEditorSentIsStillForbiddenToAReader() {
        // Refused by its own rules for the editor (a script URL), so nothing is written.
        String document = "mutation { saveSource(input: {id: \"parsed-once\", publisher: \"p\", title: \"t\", url: \"javascript:x\"})"
                + " { source { id } errors { message } } }";
        assertThat(post(TestKeys.EDITOR, document)).contains("saveSource").doesNotContain("FORBIDDEN");
        assertThat(post(TestKeys.READER, document)).contains("FORBIDDEN").contains("Mutations need a key with role EDITOR");
    }

    @Test
    void anInvalidDocumentIsRefusedEveryTime() {
        String document = "{ vendorExposure(vendorId: \"stor-a-file\") { noSuchField } }";
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThat(post(TestKeys.READER, document)).as("attempt %d", attempt)
                    .contains("ValidationError").contains("noSuchField").doesNotContain("\"data\":{");
        }
    }
}
