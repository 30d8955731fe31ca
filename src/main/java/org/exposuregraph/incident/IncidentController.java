package org.exposuregraph.incident;

import static org.exposuregraph.api.Batches.byKey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.exposuregraph.api.Page;
import org.exposuregraph.organisation.Organisation;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.taxonomy.DataCategory;
import org.exposuregraph.threat.ThreatActor;
import org.exposuregraph.threat.ThreatService;
import org.exposuregraph.threat.Vulnerability;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

@Controller
class IncidentController {

    private final IncidentService incidents;
    private final OrganisationService organisations;
    private final ThreatService threats;

    IncidentController(IncidentService incidents, OrganisationService organisations, ThreatService threats) {
        this.incidents = incidents;
        this.organisations = organisations;
        this.threats = threats;
    }

    @QueryMapping
    Incident incident(@Argument String id) {
        return incidents.require(id);
    }

    @QueryMapping
    Page<Incident> incidents(@Argument Integer first, @Argument String after) {
        return incidents.page(Page.checkPageSize(first), after);
    }

    @BatchMapping
    Map<Incident, List<IncidentLink>> exposedCategories(List<Incident> batch) {
        return links(batch, IncidentLink.Kind.LEAKED);
    }

    @BatchMapping
    Map<Incident, List<IncidentLink>> reportedAffected(List<Incident> batch) {
        return links(batch, IncidentLink.Kind.AFFECTED);
    }

    @BatchMapping
    Map<Incident, List<IncidentLink>> attributions(List<Incident> batch) {
        return links(batch, IncidentLink.Kind.ATTRIBUTED_TO);
    }

    @BatchMapping
    Map<Incident, List<Organisation>> breachedVendors(List<Incident> batch) {
        return targets(batch, IncidentLink.Kind.BREACHED, organisations::findAllById);
    }

    @BatchMapping
    Map<Incident, List<Vulnerability>> exploited(List<Incident> batch) {
        return targets(batch, IncidentLink.Kind.EXPLOITED, threats::vulnerabilitiesById);
    }

    @SchemaMapping(typeName = "ExposedCategory")
    CompletableFuture<DataCategory> category(IncidentLink link, DataLoader<String, DataCategory> categories) {
        return categories.load(link.targetId());
    }

    @SchemaMapping(typeName = "AffectedOrganisation")
    CompletableFuture<Organisation> organisation(IncidentLink link, DataLoader<String, Organisation> organisations) {
        return organisations.load(link.targetId());
    }

    @SchemaMapping(typeName = "Attribution")
    CompletableFuture<ThreatActor> actor(IncidentLink link, DataLoader<String, ThreatActor> actors) {
        return actors.load(link.targetId());
    }

    @BatchMapping(typeName = "Organisation")
    Map<Organisation, List<Incident>> incidents(List<Organisation> organisations) {
        return byKey(organisations, Organisation::id, incidents::breachesOf);
    }

    @BatchMapping(typeName = "ThreatActor", field = "incidents")
    Map<ThreatActor, List<Incident>> incidentsAttributedTo(List<ThreatActor> actors) {
        return byKey(actors, ThreatActor::id, incidents::attributedTo);
    }

    private Map<Incident, List<IncidentLink>> links(List<Incident> batch, IncidentLink.Kind kind) {
        return byKey(batch, Incident::id, ids -> incidents.links(ids, kind));
    }

    /** The nodes a batch of incidents links to: one query for the links, one for the nodes. */
    private <T> Map<Incident, List<T>> targets(List<Incident> batch, IncidentLink.Kind kind,
                                               Function<Collection<String>, Map<String, T>> load) {
        Map<Incident, List<IncidentLink>> links = links(batch, kind);
        Map<String, T> nodes = load.apply(links.values().stream().flatMap(List::stream).map(IncidentLink::targetId).distinct().toList());
        Map<Incident, List<T>> result = new LinkedHashMap<>();
        links.forEach((incident, list) -> result.put(incident,
                list.stream().map(link -> nodes.get(link.targetId())).filter(Objects::nonNull).toList()));
        return result;
    }
}
