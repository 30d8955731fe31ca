package org.exposuregraph;

import static org.assertj.core.api.Assertions.assertThat;

import org.exposuregraph.support.SeededGraphTest;
import org.exposuregraph.support.TestClients;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v3/api-docs}: the OpenAPI 3 description of the REST endpoints, public like the page (it holds no data). */
@SeededGraphTest
class OpenApiTest {

    @LocalServerPort
    int port;

    @Test
    void describesImportsExportsTheReportAndTheErrorShapes() {
        String body = TestClients.anonymous(port).get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode api = JsonMapper.builder().build().readTree(body);

        assertThat(api.path("openapi").asString()).startsWith("3.");
        JsonNode paths = api.path("paths");
        assertThat(paths.propertyNames()).contains("/api/imports/{format}", "/api/exports/native", "/api/exports/stix",
                "/api/exports/graphml", "/api/exports/exposure.csv", "/api/exports/incident-exposure.csv")
                .allSatisfy(path -> assertThat(path).startsWith("/api/"));

        JsonNode importing = paths.path("/api/imports/{format}").path("post");
        assertThat(importing.path("parameters").findValuesAsString("name")).contains("format", "tlp", "mode", "source");
        assertThat(importing.at("/responses/200/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/ImportReport");
        assertThat(importing.at("/responses/422/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/ImportReport");
        assertThat(importing.at("/responses/400/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/Error");
        assertThat(importing.at("/responses/401/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/Refusal");

        JsonNode schemas = api.at("/components/schemas");
        assertThat(schemas.path("ImportReport").path("properties").propertyNames())
                .contains("format", "created", "updated", "unchanged", "rejected", "skipped");
        assertThat(schemas.path("Rejection").path("properties").propertyNames()).contains("line", "object", "reason");
        assertThat(schemas.path("Refusal").path("properties").propertyNames()).contains("errors");

        JsonNode csv = paths.path("/api/exports/exposure.csv").path("get");
        assertThat(csv.path("parameters").findValuesAsString("name")).contains("vendorId", "maxDepth", "asOf");
        assertThat(csv.at("/responses/200/content").propertyNames()).contains("text/csv");
        assertThat(api.at("/components/securitySchemes/apiKey/name").asString()).isEqualTo("X-API-Key");
    }
}
