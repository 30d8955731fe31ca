package org.exposuregraph.ingest;

import java.util.List;
import java.util.Map;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.exposuregraph.graph.ImportReport;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 description of the REST endpoints at {@code /v3/api-docs} (springdoc reads the paths, parameters
 * and the import report's shape from the controllers): here the words, the media types, the error shapes and the
 * API key, kept beside the formats they describe rather than as annotations spread over the controllers.
 * GraphQL has its own description: the schema ({@code /graphql/schema}, GraphiQL's documentation explorer).
 */
@Configuration(proxyBeanMethods = false)
class RestApiDescription {

    private static final String API_KEY = "apiKey";
    private static final String ERROR = "#/components/schemas/Error";
    private static final String REFUSAL = "#/components/schemas/Refusal";
    private static final String REPORT = "#/components/schemas/ImportReport";

    @Bean
    OpenApiCustomizer restApiWordsAndErrorShapes() {
        return openApi -> {
            openApi.info(new Info().title("ExposureGraph REST API").version("1")
                    .description("Imports and exports of the data-exposure graph. Queries and analyses are GraphQL"
                            + " (POST /graphql; schema at /graphql/schema, GraphiQL at /graphiql). Every endpoint needs"
                            + " an API key in the X-API-Key header (docs/security.md): exports the ANALYST role, imports"
                            + " EDITOR; what a key sees is bounded by its TLP clearance.")
                    .license(new License().name("see the repository")));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            // The import endpoint answers a report, a job (async) or an error, so its declared type says nothing:
            // the report's schema (and the rejection's within it) is read from the record itself.
            ModelConverters.getInstance().readAll(ImportReport.class).forEach(components::addSchemas);
            openApi.components(components
                    .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER).name("X-API-Key"))
                    .addSchemas("Error", new ObjectSchema().description("A request the endpoint refused, and why")
                            .addProperty("error", new StringSchema().description("What to change")))
                    .addSchemas("Refusal", new ObjectSchema()
                            .description("Refused by the security layer (no key, a wrong key, a role too low, too many requests)")
                            .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                                    .addProperty("message", new StringSchema())
                                    .addProperty("extensions", new ObjectSchema().addProperty("classification",
                                            new StringSchema()._enum(List.of("UNAUTHENTICATED", "FORBIDDEN", "RATE_LIMITED"))))))));
            openApi.addSecurityItem(new SecurityRequirement().addList(API_KEY));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> describe(path, item));
        };
    }

    private static void describe(String path, PathItem item) {
        switch (path) {
            case "/api/imports/{format}" -> {
                Operation post = item.getPost();
                post.summary("Import a file in one of the formats (inventory, ods, native, stix)")
                        .description("The file is the request body. Everything or nothing: with any rejected row nothing is"
                                + " written and the answer is 422 with every rejected row and the reason (docs/import-formats.md).")
                        .requestBody(new RequestBody().required(true).description("The file, as it is")
                                .content(new Content().addMediaType("application/octet-stream", binary())
                                        .addMediaType("text/csv", binary()).addMediaType("application/json", binary())));
                Content report = new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<Object>().$ref(REPORT)));
                post.getResponses().addApiResponse("200", new ApiResponse()
                        .description("Imported: what was created, updated or found unchanged").content(report));
                post.getResponses().addApiResponse("202", new ApiResponse().description("With async=true: the import"
                        + " job was accepted; its status is at the Location header (GET /api/imports/jobs/{id})"));
                post.getResponses().addApiResponse("422", new ApiResponse()
                        .description("Rows were rejected and nothing was written; the report lists them").content(report));
                post.getResponses().addApiResponse("400", error("Unknown format or TLP marking, or a malformed request"));
                refusals(post, "EDITOR");
            }
            case "/api/exports/native" -> export(item.getGet(), "The whole graph, or one vendor's supply chain, in the native"
                    + " import format (re-importable)", "application/json", "ANALYST");
            case "/api/exports/stix" -> export(item.getGet(), "The threat side as a STIX 2.1 bundle", "application/json", "ANALYST");
            case "/api/exports/graphml" -> export(item.getGet(), "The graph as GraphML for Gephi or yEd",
                    "application/graphml+xml", "ANALYST");
            case "/api/exports/exposure.csv" -> csv(item.getGet(), "A breached vendor's exposed clients, one row per client"
                    + " and data category (the columns of docs/analytics.md)");
            case "/api/exports/incident-exposure.csv" -> csv(item.getGet(), "The clients an incident exposed, one row per"
                    + " client and data category, as of the discovery date unless asOf says otherwise");
            default -> {
                // no other REST path: GraphQL, the page and actuator describe themselves
            }
        }
    }

    private static void export(Operation get, String summary, String mediaType, String role) {
        get.summary(summary);
        ApiResponse ok = get.getResponses().computeIfAbsent("200", code -> new ApiResponse());
        ok.description("The export, streamed").content(new Content().addMediaType(mediaType, binary()));
        get.getResponses().addApiResponse("404", error("An unknown vendor"));
        refusals(get, role);
    }

    private static void csv(Operation get, String summary) {
        get.summary(summary);
        get.getResponses().computeIfAbsent("200", code -> new ApiResponse()).description("CSV with a header line")
                .content(new Content().addMediaType("text/csv", new MediaType().schema(new StringSchema())));
        MediaType text = new MediaType().schema(new StringSchema().description("What is wrong"));
        get.getResponses().addApiResponse("400", new ApiResponse().description("A missing or malformed parameter")
                .content(new Content().addMediaType("text/plain", text)));
        get.getResponses().addApiResponse("404", new ApiResponse().description("An unknown vendor or incident")
                .content(new Content().addMediaType("text/plain", text)));
        refusals(get, "ANALYST");
    }

    private static void refusals(Operation operation, String role) {
        operation.getResponses()
                .addApiResponse("401", refusal("No API key, or one that is not valid"))
                .addApiResponse("403", refusal("The key's role is below " + role))
                .addApiResponse("429", refusal("Too many requests from this key in a minute"));
    }

    private static MediaType binary() {
        return new MediaType().schema(new StringSchema().format("binary"));
    }

    private static ApiResponse error(String description) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType().schema(new Schema<Map<String, String>>().$ref(ERROR))));
    }

    private static ApiResponse refusal(String description) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType().schema(new Schema<Object>().$ref(REFUSAL))));
    }
}
