package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.exposuregraph.api.Page;
import org.exposuregraph.organisation.Organisation;
import org.exposuregraph.graph.OrganisationKind;
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
    VendorExposure vendorExposure(@Argument String vendorId, @Argument Integer maxDepth, @Argument List<String> categories,
                                  @Argument List<OrganisationKind> clientKinds, @Argument LocalDate asOf) {
        return exposure.vendorExposure(vendorId, maxDepth, categories, clientKinds, asOf);
    }

    @QueryMapping
    VendorExposure simulateBreach(@Argument List<String> vendorIds, @Argument List<String> categories, @Argument Integer maxDepth,
                                  @Argument LocalDate asOf) {
        return exposure.simulateBreach(vendorIds, categories, maxDepth, asOf);
    }

    @QueryMapping
    SupplyChain supplyChain(@Argument String clientId, @Argument Integer maxDepth, @Argument LocalDate asOf) {
        return exposure.supplyChain(clientId, maxDepth, asOf);
    }

    @QueryMapping
    List<ConcentrationRisk> concentrationRisk(@Argument Integer first, @Argument String category, @Argument OrganisationKind kind,
                                              @Argument LocalDate asOf) {
        return exposure.concentrationRisk(first, category, kind, asOf);
    }

    @QueryMapping
    ExposureChanges exposureChanges(@Argument String vendorId, @Argument LocalDate from, @Argument LocalDate to,
                                    @Argument Integer maxDepth) {
        return exposure.exposureChanges(vendorId, from, to, maxDepth);
    }

    @SchemaMapping(typeName = "ExposureChanges")
    CompletableFuture<Organisation> vendor(ExposureChanges changes, DataLoader<String, Organisation> organisations) {
        return organisations.load(changes.vendorId());
    }

    @SchemaMapping(typeName = "ExposureChange")
    CompletableFuture<Organisation> client(ExposureChanges.ClientChange change, DataLoader<String, Organisation> organisations) {
        return organisations.load(change.clientId());
    }

    @SchemaMapping(typeName = "ExposureChange")
    CompletableFuture<List<DataCategory>> categories(ExposureChanges.ClientChange change, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(change.categoryIds());
    }

    @SchemaMapping
    CompletableFuture<Organisation> vendor(VendorExposure result, DataLoader<String, Organisation> organisations) {
        return organisations.load(result.vendorId());
    }

    @SchemaMapping
    CompletableFuture<List<Organisation>> vendors(VendorExposure result, DataLoader<String, Organisation> organisations) {
        return organisations.loadMany(result.vendorIds());
    }

    @SchemaMapping(typeName = "VendorExposure")
    CompletableFuture<List<DataCategory>> categories(VendorExposure result, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(result.categoryIds());
    }

    @SchemaMapping
    Page<ExposedClient> clients(VendorExposure result, @Argument Integer first, @Argument String after) {
        return exposure.page(result, first, after);
    }

    @SchemaMapping
    int inferredClients(VendorExposure result) {
        return result.totalClients() - result.directClients();
    }

    @SchemaMapping(typeName = "CategoryExposure")
    CompletableFuture<DataCategory> category(CategoryExposure stat, DataLoader<String, DataCategory> categories) {
        return categories.load(stat.categoryId());
    }

    @SchemaMapping
    CompletableFuture<Organisation> client(ExposedClient client, DataLoader<String, Organisation> organisations) {
        return organisations.load(client.clientId());
    }

    @SchemaMapping(typeName = "ExposedClient")
    CompletableFuture<List<DataCategory>> categories(ExposedClient client, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(client.categoryIds());
    }

    @SchemaMapping(typeName = "ExposedClient")
    CompletableFuture<List<Organisation>> path(ExposedClient client, DataLoader<String, Organisation> organisations) {
        return organisations.loadMany(client.pathIds());
    }

    @SchemaMapping(typeName = "ConcentrationRisk")
    CompletableFuture<Organisation> organisation(ConcentrationRisk risk, DataLoader<String, Organisation> organisations) {
        return organisations.load(risk.organisationId());
    }

    @SchemaMapping(typeName = "SupplyChain")
    CompletableFuture<Organisation> client(SupplyChain chain, DataLoader<String, Organisation> organisations) {
        return organisations.load(chain.clientId());
    }

    @SchemaMapping(typeName = "SupplyChainLink")
    CompletableFuture<Organisation> organisation(SupplyChain.Link link, DataLoader<String, Organisation> organisations) {
        return link.organisationId() == null ? CompletableFuture.completedFuture(null) : organisations.load(link.organisationId());
    }

    @SchemaMapping(typeName = "SupplyChainLink")
    CompletableFuture<org.exposuregraph.threat.Software> software(SupplyChain.Link link,
                                                                  DataLoader<String, org.exposuregraph.threat.Software> software) {
        return link.softwareId() == null ? CompletableFuture.completedFuture(null) : software.load(link.softwareId());
    }

    @SchemaMapping(typeName = "SupplyChainLink")
    CompletableFuture<List<Organisation>> path(SupplyChain.Link link, DataLoader<String, Organisation> organisations) {
        return organisations.loadMany(link.pathIds());
    }

    @SchemaMapping(typeName = "SupplyChainLink")
    CompletableFuture<List<DataCategory>> categories(SupplyChain.Link link, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(link.categoryIds());
    }
}
