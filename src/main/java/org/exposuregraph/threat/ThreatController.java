package org.exposuregraph.threat;

import static org.exposuregraph.api.Batches.byKey;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.dataloader.DataLoader;
import org.exposuregraph.organisation.Organisation;
import org.exposuregraph.threat.ThreatService.ActorLink;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

@Controller
class ThreatController {

    private final ThreatService threats;

    ThreatController(ThreatService threats, BatchLoaderRegistry loaders) {
        this.threats = threats;
        loaders.forTypePair(String.class, ThreatActor.class)
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> threats.actorsById(ids)));
        loaders.forTypePair(String.class, Software.class)
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> threats.softwareById(ids)));
        loaders.forTypePair(String.class, Vulnerability.class)
                .registerMappedBatchLoader((ids, env) -> Mono.fromCallable(() -> threats.vulnerabilitiesById(ids)));
    }

    @QueryMapping
    ThreatActor threatActor(@Argument String id) {
        return threats.requireActor(id);
    }

    @BatchMapping
    Map<ThreatActor, List<ThreatActor>> uses(List<ThreatActor> actors) {
        return byKey(actors, ThreatActor::id, ids -> threats.linkedActors(ids, ActorLink.USES));
    }

    @BatchMapping
    Map<ThreatActor, List<ThreatActor>> usedBy(List<ThreatActor> actors) {
        return byKey(actors, ThreatActor::id, ids -> threats.linkedActors(ids, ActorLink.USED_BY));
    }

    @BatchMapping
    Map<ThreatActor, List<ThreatActor>> relatedTo(List<ThreatActor> actors) {
        return byKey(actors, ThreatActor::id, ids -> threats.linkedActors(ids, ActorLink.RELATED_TO));
    }

    @BatchMapping
    Map<ThreatActor, List<Vulnerability>> exploits(List<ThreatActor> actors) {
        return byKey(actors, ThreatActor::id, threats::exploitedBy);
    }

    @BatchMapping
    Map<Vulnerability, List<ThreatActor>> exploitedBy(List<Vulnerability> vulnerabilities) {
        return byKey(vulnerabilities, Vulnerability::id, threats::exploitersOf);
    }

    @BatchMapping
    Map<Vulnerability, List<Software>> affects(List<Vulnerability> vulnerabilities) {
        return byKey(vulnerabilities, Vulnerability::id, threats::affectedBy);
    }

    @BatchMapping
    Map<Software, List<Vulnerability>> vulnerabilities(List<Software> software) {
        return byKey(software, Software::id, threats::vulnerabilitiesIn);
    }

    @BatchMapping(typeName = "Organisation")
    Map<Organisation, List<SoftwareUse>> software(List<Organisation> organisations) {
        return byKey(organisations, Organisation::id, threats::softwareUsedBy);
    }

    @SchemaMapping(typeName = "SoftwareUse")
    CompletableFuture<Software> software(SoftwareUse use, DataLoader<String, Software> software) {
        return software.load(use.softwareId());
    }
}
