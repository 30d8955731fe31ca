package org.exposuregraph.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestClients;
import org.exposuregraph.support.TestKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Who may do what: no key, a wrong key, and each role against each kind of operation, over real HTTP. */
@SeededGraphTest
class AccessControlTest {

    @Value("${local.server.port}")
    int port;

    private WebTestClient client() {
        return TestClients.anonymous(port);
    }

    private WebTestClient.ResponseSpec graphQl(String key, String document) {
        return graphQl(key, document, Map.of());
    }

    private WebTestClient.ResponseSpec graphQl(String key, String document, Map<String, Object> variables) {
        var request = client().post().uri("/graphql").header("Content-Type", "application/json");
        if (key != null) {
            request = request.header(TestKeys.HEADER, key);
        }
        return request.bodyValue(Map.of("query", document, "variables", variables)).exchange();
    }

    private boolean schemaHasMutations() {
        String body = graphQl(TestKeys.ADMIN, "{ __schema { mutationType { name } } }").expectBody(String.class)
                .returnResult().getResponseBody();
        return !body.contains("\"mutationType\":null");
    }

    @Test
    void withoutAKeyEveryDataEndpointAnswers401() {
        graphQl(null, "{ organisations { totalCount } }").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("UNAUTHENTICATED");
        client().get().uri("/api/exports/native").exchange().expectStatus().isUnauthorized();
        client().post().uri("/api/imports/native").bodyValue("{}").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aWrongKeyIsRefused() {
        graphQl("not-a-real-key-at-all-000", "{ organisations { totalCount } }").expectStatus().isUnauthorized()
                .expectBody(String.class).value(body -> assertThat(body).contains("not valid"));
    }

    @Test
    void healthThePageShellAndGraphiqlArePublic() {
        client().get().uri("/actuator/health").exchange().expectStatus().isOk();
        client().get().uri("/graphiql").exchange().expectStatus().isOk();
    }

    static Stream<Arguments> roleMatrix() {
        // key, may query, may export, may import, may mutate, may read the audit log
        return Stream.of(
                Arguments.of("READER", TestKeys.READER, true, false, false, false, false),
                Arguments.of("ANALYST", TestKeys.ANALYST, true, true, false, false, false),
                Arguments.of("EDITOR", TestKeys.EDITOR, true, true, true, true, false),
                Arguments.of("ADMIN", TestKeys.ADMIN, true, true, true, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roleMatrix")
    void eachRoleCanDoExactlyWhatTheMatrixSays(String role, String key, boolean query, boolean export, boolean importing,
                                               boolean mutate, boolean audit) {
        graphQl(key, "{ organisation(id: \"stor-a-file\") { name } }").expectStatus().isOk()
                .expectBody().jsonPath("$.data.organisation.name").isEqualTo("Stor-a-File Ltd");
        assertThat(query).isTrue();

        // Exports and imports are refused (403) below the role, and reach the endpoint (anything but 401/403) above it.
        HttpStatus exportStatus = HttpStatus.valueOf(client().get().uri("/api/exports/native").header(TestKeys.HEADER, key)
                .exchange().returnResult(String.class).getStatus().value());
        assertThat(exportStatus == HttpStatus.FORBIDDEN).isEqualTo(!export);
        HttpStatus importStatus = HttpStatus.valueOf(client().post().uri("/api/imports/native").header(TestKeys.HEADER, key)
                .header("Content-Type", "application/json").bodyValue("{\"format\": \"not-native\"}")
                .exchange().returnResult(String.class).getStatus().value());
        assertThat(importStatus == HttpStatus.FORBIDDEN).isEqualTo(!importing);

        // Any mutation: the role check comes before the schema is consulted for the field.
        if (schemaHasMutations()) {
            var mutation = graphQl(key, "mutation probe { __typename }").expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(mutation.contains("FORBIDDEN")).isEqualTo(!mutate);
        }

        var auditLog = graphQl(key, "{ auditLog(first: 5) { totalCount } }").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(auditLog.contains("FORBIDDEN")).isEqualTo(!audit);
    }

    @Test
    void queryDepthOverTheLimitIsRefusedNamingTheLimit() {
        String deep = "{ threatActor(id: \"ta505\") { " + "uses { usedBy { ".repeat(8) + "id" + " } }".repeat(8) + " } }";
        graphQl(TestKeys.ADMIN, deep).expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).containsIgnoringCase("depth"));
    }

    @Test
    void oversizedRequestBodiesAreRefused() {
        String huge = "{ search(text: \"" + "x".repeat(200_000) + "\") { id } }";
        graphQl(TestKeys.ADMIN, huge).expectStatus().isEqualTo(413)
                .expectBody(String.class).value(body -> assertThat(body).contains("max-request-size"));
    }

    @Test
    void responsesCarrySecurityHeadersAndNoOpenCors() {
        client().post().uri("/graphql").header(TestKeys.HEADER, TestKeys.READER).header("Origin", "https://evil.example")
                .header("Content-Type", "application/json").bodyValue(Map.of("query", "{ __typename }"))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
        client().get().uri("/actuator/health").exchange()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().exists("Content-Security-Policy");
    }

    @Test
    void operationsAreAuditedWithTheKeyNameAndNeverTheKey() throws InterruptedException {
        graphQl(TestKeys.READER, "query auditedProbe($apiKey: String!) { search(text: $apiKey) { id } }",
                Map.of("apiKey", "secret-value-in-a-variable")).expectStatus().isOk();
        String log = "";
        for (int attempt = 0; attempt < 20 && !log.contains("auditedProbe"); attempt++) {
            Thread.sleep(250); // reads are audited in batches
            log = graphQl(TestKeys.ADMIN, "{ auditLog(first: 50) { edges { node { actor operation outcome variables } } } }")
                    .expectBody(String.class).returnResult().getResponseBody();
        }
        assertThat(log).contains("query auditedProbe").contains("key-").contains("[redacted]")
                .doesNotContain(TestKeys.READER).doesNotContain("secret-value-in-a-variable");
    }
}
