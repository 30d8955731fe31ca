package org.exposuregraph.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GraphQL endpoint over HTTP on loopback, as the benchmark's clients call it: ExposureGraph's (with its API
 * key) or the peer's (none). Thread-safe: the reader, writer and probe threads share one.
 */
final class BenchApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI graphql;
    private final String apiKey;

    BenchApi(URI graphql, String apiKey) {
        this.graphql = graphql;
        this.apiKey = apiKey;
    }

    /** The answer's body; fails on an HTTP error or a GraphQL error (a payload's own {@code errors} field is the caller's). */
    String graphql(String query, Map<String, Object> variables) {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        HttpResponse<String> response = send(request(graphql).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(query).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).has("errors")).as("%s answered %s", query, response.body()).isFalse();
        return response.body();
    }

    /** {@code data.<field>} of a mutation whose payload's {@code errors} must be empty. */
    JsonNode mutate(String field, String query, Map<String, Object> variables) {
        JsonNode payload = JSON.readTree(graphql(query, variables)).path("data").path(field);
        assertThat(payload.path("errors").isEmpty()).as("%s answered %s", field, payload).isTrue();
        return payload;
    }

    /** A request to another path of the same server, e.g. {@code /api/imports/stix}. */
    HttpResponse<String> post(String path, String contentType, String body) {
        return send(request(graphql.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> get(String path) {
        return send(request(graphql.resolve(path)).GET());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(15));
        return apiKey == null ? builder : builder.header("X-API-Key", apiKey);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
