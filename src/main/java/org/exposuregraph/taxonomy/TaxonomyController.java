package org.exposuregraph.taxonomy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;

@Controller
class TaxonomyController {

    private final TaxonomyService taxonomy;

    TaxonomyController(TaxonomyService taxonomy, BatchLoaderRegistry loaders) {
        this.taxonomy = taxonomy;
        // Any type with category ids resolves them through this loader: one query per request level.
        loaders.forTypePair(String.class, DataCategory.class)
                .registerMappedBatchLoader((ids, env) -> reactor.core.publisher.Mono.fromCallable(() -> taxonomy.findAllById(ids)));
    }

    @QueryMapping
    List<DataCategory> dataCategories() {
        return taxonomy.all();
    }

    @SchemaMapping
    CompletableFuture<DataCategory> parent(DataCategory category, DataLoader<String, DataCategory> categories) {
        return category.parentId() == null ? CompletableFuture.completedFuture(null) : categories.load(category.parentId());
    }

    @BatchMapping
    Map<DataCategory, List<DataCategory>> children(List<DataCategory> categories) {
        Map<String, List<DataCategory>> byParent = taxonomy.childrenOf(categories.stream().map(DataCategory::id).toList());
        return categories.stream().collect(java.util.stream.Collectors.toMap(
                c -> c, c -> byParent.getOrDefault(c.id(), List.of()), (a, b) -> a));
    }
}
