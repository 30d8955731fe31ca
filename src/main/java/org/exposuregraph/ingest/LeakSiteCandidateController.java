package org.exposuregraph.ingest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dataloader.DataLoader;
import org.exposuregraph.api.Page;
import org.exposuregraph.incident.Incident;
import org.exposuregraph.incident.IncidentService;
import org.exposuregraph.organisation.Organisation;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** {@code leakSiteCandidates} and {@code resolveCandidate}: an EDITOR's review of the leak-site import's weak matches. */
@Controller
class LeakSiteCandidateController {

    private final LeakSiteCandidates candidates;
    private final IncidentService incidents;

    LeakSiteCandidateController(LeakSiteCandidates candidates, IncidentService incidents) {
        this.candidates = candidates;
        this.incidents = incidents;
    }

    @QueryMapping
    Page<LeakSiteCandidates.Candidate> leakSiteCandidates(@Argument LeakSiteCandidates.Status status, @Argument Integer first,
                                                          @Argument String after) {
        return candidates.page(status, first, after);
    }

    @MutationMapping
    LeakSiteCandidates.ResolvePayload resolveCandidate(@Argument LeakSiteCandidates.ResolveInput input) {
        return candidates.resolve(input);
    }

    @BatchMapping(typeName = "LeakSiteCandidate")
    Map<LeakSiteCandidates.Candidate, Incident> incident(List<LeakSiteCandidates.Candidate> page) {
        Map<String, Incident> byId = incidents.byIds(page.stream().map(LeakSiteCandidates.Candidate::incidentId).toList());
        return page.stream().filter(c -> byId.containsKey(c.incidentId()))
                .collect(Collectors.toMap(Function.identity(), c -> byId.get(c.incidentId())));
    }

    @SchemaMapping(typeName = "LeakSiteCandidate")
    CompletableFuture<Organisation> organisation(LeakSiteCandidates.Candidate candidate, DataLoader<String, Organisation> organisations) {
        return organisations.load(candidate.organisationId());
    }
}
