package org.exposuregraph.exposure;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.exposuregraph.organisation.Organisation;
import org.exposuregraph.taxonomy.DataCategory;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

@Controller
class ExposureController {

    private final ExposureService exposure;

    ExposureController(ExposureService exposure) {
        this.exposure = exposure;
    }

    @QueryMapping
    VendorExposure vendorExposure(@Argument String vendorId, @Argument Integer maxDepth) {
        return exposure.vendorExposure(vendorId, maxDepth);
    }

    @SchemaMapping
    CompletableFuture<Organisation> vendor(VendorExposure result, DataLoader<String, Organisation> organisations) {
        return organisations.load(result.vendorId());
    }

    @SchemaMapping(typeName = "VendorExposure")
    CompletableFuture<List<DataCategory>> categories(VendorExposure result, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(result.categoryIds());
    }

    @SchemaMapping
    CompletableFuture<Organisation> client(ExposedClient client, DataLoader<String, Organisation> organisations) {
        return organisations.load(client.clientId());
    }

    @SchemaMapping(typeName = "ExposedClient")
    CompletableFuture<List<DataCategory>> categories(ExposedClient client, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(client.categoryIds());
    }

    @SchemaMapping
    CompletableFuture<List<Organisation>> path(ExposedClient client, DataLoader<String, Organisation> organisations) {
        return organisations.loadMany(client.pathIds());
    }
}
