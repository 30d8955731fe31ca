package org.exposuregraph.organisation;

import org.exposuregraph.graph.OrganisationKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.exposuregraph.api.Page;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

@Controller
class OrganisationController {

    private final OrganisationService organisations;

    OrganisationController(OrganisationService organisations, BatchLoaderRegistry loaders) {
        this.organisations = organisations;
        // Every field that points at an organisation by id resolves it through this one loader.
        loaders.forTypePair(String.class, Organisation.class)
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> organisations.findAllById(ids)));
    }

    @QueryMapping
    Organisation organisation(@Argument String id) {
        return organisations.require(id);
    }

    @QueryMapping
    Page<Organisation> organisations(@Argument OrganisationKind kind, @Argument String icbCode, @Argument Integer first,
                                     @Argument String after) {
        return organisations.page(kind, icbCode, Page.checkPageSize(first), after);
    }

    @BatchMapping
    Map<Organisation, Integer> directClientCount(List<Organisation> batch) {
        Map<String, Integer> counts = organisations.directClientCounts(batch.stream().map(Organisation::id).toList());
        Map<Organisation, Integer> result = new LinkedHashMap<>();
        batch.forEach(o -> result.put(o, counts.getOrDefault(o.id(), 0)));
        return result;
    }
}
