package org.exposuregraph.provenance;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeName;
import graphql.schema.DataFetcher;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.WiringFactory;
import org.dataloader.DataLoader;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves {@code sources} and {@code claims} on every GraphQL type that implements {@code Sourced}, through
 * two batch loaders, so a page of facts costs two queries for its provenance whatever the page size.
 */
@Component
class SourcedFieldsWiring implements RuntimeWiringConfigurer {

    private static final String SOURCES_LOADER = "sourcesById";
    private static final String CLAIMS_LOADER = "claimsBySubject";

    SourcedFieldsWiring(ProvenanceService provenance, BatchLoaderRegistry loaders) {
        loaders.<String, Source>forName(SOURCES_LOADER)
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> provenance.sourcesById(ids)));
        loaders.<String, List<Claim>>forName(CLAIMS_LOADER)
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> provenance.claimsBySubject(ids)));
    }

    @Override
    public void configure(RuntimeWiring.Builder builder) {
    }

    @Override
    public void configure(RuntimeWiring.Builder builder, List<WiringFactory> container) {
        container.add(new WiringFactory() {
            @Override
            public boolean providesDataFetcher(FieldWiringEnvironment environment) {
                return fetcherFor(environment) != null;
            }

            @Override
            public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
                return fetcherFor(environment);
            }
        });
    }

    private static DataFetcher<?> fetcherFor(FieldWiringEnvironment environment) {
        // Claims cite sources too, though they are not themselves claimed about.
        boolean sourced = environment.getParentType() instanceof ObjectTypeDefinition type
                && (type.getName().equals("Claim")
                || type.getImplements().stream().anyMatch(t -> t instanceof TypeName name && name.getName().equals("Sourced")));
        if (!sourced) {
            return null;
        }
        return switch (environment.getFieldDefinition().getName()) {
            case "sources" -> env -> {
                DataLoader<String, Source> loader = env.getDataLoader(SOURCES_LOADER);
                List<String> ids = ((Sourced) env.getSource()).sourceIds();
                return loader.loadMany(ids).thenApply(list -> list.stream().filter(java.util.Objects::nonNull).toList());
            };
            case "claims" -> env -> {
                DataLoader<String, List<Claim>> loader = env.getDataLoader(CLAIMS_LOADER);
                CompletableFuture<List<Claim>> claims = loader.load(((Sourced) env.getSource()).id());
                return claims.thenApply(list -> list == null ? List.of() : list);
            };
            default -> null;
        };
    }
}
