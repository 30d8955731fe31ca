package org.exposuregraph.graph;

import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.api.FieldError;
import org.exposuregraph.graph.Lifecycle.Endable;
import org.exposuregraph.graph.Lifecycle.EndResult;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code endDataFlow}, {@code endSubProcessing}, {@code endSoftwareUse} and {@code purge}: thin, see {@link Lifecycle}. */
@Controller
class LifecycleMutations {

    record EndDataFlowInput(String id, String client, String processor, LocalDate until, String reason) {
    }

    record EndSubProcessingInput(String id, String processor, String subProcessor, LocalDate until, String reason) {
    }

    record EndSoftwareUseInput(String id, String organisation, String software, LocalDate until, String reason) {
    }

    record EndDataFlowPayload(Lifecycle.EndedFact dataFlow, List<FieldError> errors) {
    }

    record EndSubProcessingPayload(Lifecycle.EndedFact subProcessing, List<FieldError> errors) {
    }

    record EndSoftwareUsePayload(Lifecycle.EndedFact softwareUse, List<FieldError> errors) {
    }

    record PurgeInput(String id) {
    }

    private final Lifecycle lifecycle;

    LifecycleMutations(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @MutationMapping
    EndDataFlowPayload endDataFlow(@Argument EndDataFlowInput input) {
        EndResult result = lifecycle.end(Endable.DATA_FLOW, input.id(), input.client(), input.processor(), input.until(),
                input.reason());
        return new EndDataFlowPayload(result.fact(), result.errors());
    }

    @MutationMapping
    EndSubProcessingPayload endSubProcessing(@Argument EndSubProcessingInput input) {
        EndResult result = lifecycle.end(Endable.SUB_PROCESSING, input.id(), input.processor(), input.subProcessor(),
                input.until(), input.reason());
        return new EndSubProcessingPayload(result.fact(), result.errors());
    }

    @MutationMapping
    EndSoftwareUsePayload endSoftwareUse(@Argument EndSoftwareUseInput input) {
        EndResult result = lifecycle.end(Endable.SOFTWARE_USE, input.id(), input.organisation(), input.software(),
                input.until(), input.reason());
        return new EndSoftwareUsePayload(result.fact(), result.errors());
    }

    @MutationMapping
    Lifecycle.Purged purge(@Argument PurgeInput input) {
        return lifecycle.purge(input.id());
    }
}
