package org.exposuregraph.dataflow;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.exposuregraph.organisation.Organisation;
import org.exposuregraph.taxonomy.DataCategory;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import static org.exposuregraph.api.Batches.byKey;

@Controller
class DataFlowController {

    private final DataFlowService dataFlows;

    DataFlowController(DataFlowService dataFlows) {
        this.dataFlows = dataFlows;
    }

    @BatchMapping(typeName = "Organisation")
    Map<Organisation, List<DataFlow>> processors(List<Organisation> organisations) {
        return byKey(organisations, Organisation::id, dataFlows::flowsFromClients);
    }

    @BatchMapping(typeName = "Organisation")
    Map<Organisation, List<SubProcessing>> subProcessors(List<Organisation> organisations) {
        return byKey(organisations, Organisation::id, dataFlows::subProcessingFrom);
    }

    @SchemaMapping
    CompletableFuture<Organisation> client(DataFlow flow, DataLoader<String, Organisation> organisations) {
        return organisations.load(flow.clientId());
    }

    @SchemaMapping(typeName = "DataFlow")
    CompletableFuture<Organisation> processor(DataFlow flow, DataLoader<String, Organisation> organisations) {
        return organisations.load(flow.processorId());
    }

    @SchemaMapping(typeName = "DataFlow")
    CompletableFuture<List<DataCategory>> categories(DataFlow flow, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(flow.categoryIds());
    }

    @SchemaMapping(typeName = "SubProcessing")
    CompletableFuture<Organisation> processor(SubProcessing link, DataLoader<String, Organisation> organisations) {
        return organisations.load(link.processorId());
    }

    @SchemaMapping
    CompletableFuture<Organisation> subProcessor(SubProcessing link, DataLoader<String, Organisation> organisations) {
        return organisations.load(link.subProcessorId());
    }

    @SchemaMapping(typeName = "SubProcessing")
    CompletableFuture<List<DataCategory>> categories(SubProcessing link, DataLoader<String, DataCategory> categories) {
        return link.allCategories() ? CompletableFuture.completedFuture(List.of()) : categories.loadMany(link.categoryIds());
    }
}
