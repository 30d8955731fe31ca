package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.exposuregraph.api.Page;
import org.exposuregraph.incident.Incident;
import org.exposuregraph.organisation.Organisation;
import org.exposuregraph.taxonomy.DataCategory;
import org.exposuregraph.threat.Software;
import org.exposuregraph.threat.ThreatActor;
import org.exposuregraph.threat.Vulnerability;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

@Controller
class IncidentAnalyticsController {

    private final IncidentAnalyticsService analytics;

    IncidentAnalyticsController(IncidentAnalyticsService analytics) {
        this.analytics = analytics;
    }

    @QueryMapping
    IncidentImpact incidentImpact(@Argument String incidentId, @Argument LocalDate asOf) {
        return analytics.incidentImpact(incidentId, asOf);
    }

    @QueryMapping
    ThreatActorReach threatActorReach(@Argument String actorId, @Argument LocalDate asOf) {
        return analytics.threatActorReach(actorId, asOf);
    }

    @SchemaMapping(typeName = "IncidentImpact")
    Incident incident(IncidentImpact impact) {
        return impact.incident();
    }

    @SchemaMapping
    CompletableFuture<List<Organisation>> breachedVendors(IncidentImpact impact, DataLoader<String, Organisation> organisations) {
        return organisations.loadMany(impact.breachedVendorIds());
    }

    @SchemaMapping(typeName = "IncidentImpact")
    List<ExposedClient> exposedClients(IncidentImpact impact) {
        return impact.exposure().exposedClients();
    }

    @SchemaMapping(typeName = "IncidentImpact")
    CompletableFuture<List<DataCategory>> categories(IncidentImpact impact, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(impact.exposure().categoryIds());
    }

    @SchemaMapping
    CompletableFuture<List<DataCategory>> leakedCategories(IncidentImpact impact, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(impact.leakedCategoryIds());
    }

    @SchemaMapping
    CompletableFuture<List<DataCategory>> heldOnlyCategories(IncidentImpact impact, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(impact.exposure().categoryIds().stream()
                .filter(id -> !impact.leakedCategoryIds().contains(id)).toList());
    }

    @SchemaMapping(typeName = "IncidentImpact")
    List<CategoryExposure> categoryStats(IncidentImpact impact) {
        return impact.exposure().categoryStats();
    }

    @SchemaMapping(typeName = "IncidentImpact")
    int totalClients(IncidentImpact impact) {
        return impact.exposure().totalClients();
    }

    @SchemaMapping(typeName = "IncidentImpact")
    Long totalPeople(IncidentImpact impact) {
        return impact.exposure().totalPeople();
    }

    @SchemaMapping
    CompletableFuture<Organisation> controller(IncidentImpact.Notification notification, DataLoader<String, Organisation> organisations) {
        return organisations.load(notification.controllerId());
    }

    @SchemaMapping(typeName = "Notification")
    CompletableFuture<List<DataCategory>> categories(IncidentImpact.Notification notification, DataLoader<String, DataCategory> categories) {
        return categories.loadMany(notification.categoryIds());
    }

    @SchemaMapping(typeName = "ThreatActorReach")
    CompletableFuture<List<ThreatActor>> family(ThreatActorReach reach, DataLoader<String, ThreatActor> actors) {
        return actors.loadMany(reach.familyIds());
    }

    @SchemaMapping(typeName = "ThreatActorReach")
    CompletableFuture<List<Organisation>> victims(ThreatActorReach reach, DataLoader<String, Organisation> organisations) {
        return organisations.loadMany(reach.victimIds());
    }

    @SchemaMapping(typeName = "ThreatActorReach")
    CompletableFuture<List<Vulnerability>> vulnerabilities(ThreatActorReach reach, DataLoader<String, Vulnerability> vulnerabilities) {
        return vulnerabilities.loadMany(reach.vulnerabilityIds());
    }

    @SchemaMapping(typeName = "ThreatActorReach")
    CompletableFuture<List<Software>> software(ThreatActorReach reach, DataLoader<String, Software> software) {
        return software.loadMany(reach.softwareIds());
    }

    @SchemaMapping(typeName = "ThreatActorReach")
    CompletableFuture<List<Organisation>> atRiskVendors(ThreatActorReach reach, DataLoader<String, Organisation> organisations) {
        return organisations.loadMany(reach.atRiskVendorIds());
    }

    @SchemaMapping(typeName = "IncidentImpact")
    List<IncidentImpact.Notification> notifications(IncidentImpact impact, @Argument Integer first) {
        return firstOf(impact.notifications(), first);
    }

    @SchemaMapping(typeName = "IncidentImpact")
    int notificationCount(IncidentImpact impact) {
        return impact.notifications().size();
    }

    @SchemaMapping(typeName = "ThreatActorReach")
    List<ExposedClient> atRiskClients(ThreatActorReach reach, @Argument Integer first) {
        return firstOf(reach.atRiskClients(), first);
    }

    @SchemaMapping(typeName = "ThreatActorReach")
    int atRiskClientCount(ThreatActorReach reach) {
        return reach.atRiskClients().size();
    }

    /** The whole list, or its first {@code first} entries when a caller asks for fewer. */
    private static <T> List<T> firstOf(List<T> all, Integer first) {
        return first == null ? all : all.subList(0, Math.min(all.size(), Page.checkPageSize(first)));
    }
}
