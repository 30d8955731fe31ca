package org.exposuregraph.dataflow;

import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.FieldError;
import org.exposuregraph.graph.GraphEdits;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.graph.WriteRules;
import org.exposuregraph.security.Tlp;
import org.mapstruct.Mapper;
import org.mapstruct.MappingConstants;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code saveDataFlow} and {@code saveSubProcessing}: hand edits through the importer. */
@Controller
class DataFlowMutations {

    record DataFlowInput(String id, String client, String processor, List<String> categories, Integer people,
                         Integer records, String purpose, LocalDate since, LocalDate until, String endReason,
                         Integer confidence,
                         List<String> sourceIds, Tlp tlp) {
    }

    record DataFlowPayload(DataFlow dataFlow, List<FieldError> errors) {
    }

    record SubProcessingInput(String id, String processor, String subProcessor, List<String> categories,
                              String purpose, LocalDate since, LocalDate until, String endReason,
                              Integer confidence, List<String> sourceIds, Tlp tlp) {
    }

    record SubProcessingPayload(SubProcessing subProcessing, List<FieldError> errors) {
    }

    @Mapper(componentModel = MappingConstants.ComponentModel.SPRING)
    interface InputMapper {
        NativeDocument.DataFlowRow toRow(DataFlowInput input);

        NativeDocument.SubProcessingRow toRow(SubProcessingInput input);
    }

    private final GraphEdits edits;
    private final DataFlowService dataFlows;
    private final InputMapper mapper;

    DataFlowMutations(GraphEdits edits, DataFlowService dataFlows, InputMapper mapper) {
        this.edits = edits;
        this.dataFlows = dataFlows;
        this.mapper = mapper;
    }

    @MutationMapping
    DataFlowPayload saveDataFlow(@Argument DataFlowInput input) {
        requireEndDate(input.until(), input.endReason());
        List<FieldError> errors = edits.apply("saveDataFlow", GraphEdits.document().dataFlow(mapper.toRow(input)).build());
        if (!errors.isEmpty()) {
            return new DataFlowPayload(null, errors);
        }
        DataFlow saved = dataFlows.flowsFromClients(List.of(input.client())).getOrDefault(input.client(), List.of())
                .stream().filter(f -> f.processorId().equals(input.processor())).findFirst().orElseThrow();
        return new DataFlowPayload(saved, errors);
    }

    @MutationMapping
    SubProcessingPayload saveSubProcessing(@Argument SubProcessingInput input) {
        requireEndDate(input.until(), input.endReason());
        List<FieldError> errors = edits.apply("saveSubProcessing", GraphEdits.document().subProcessing(mapper.toRow(input)).build());
        if (!errors.isEmpty()) {
            return new SubProcessingPayload(null, errors);
        }
        SubProcessing saved = dataFlows.subProcessingFrom(List.of(input.processor())).getOrDefault(input.processor(), List.of())
                .stream().filter(s -> s.subProcessorId().equals(input.subProcessor())).findFirst().orElseThrow();
        return new SubProcessingPayload(saved, errors);
    }

    /**
     * The end-reason rule of the end mutations and the inventory ({@link WriteRules#endReason}), refused as a bad
     * request here: a reason without an end date is a malformed edit, not a field to correct in a saved fact.
     */
    private static void requireEndDate(LocalDate until, String endReason) {
        String problem = WriteRules.endReason(until, endReason);
        if (problem != null) {
            throw new BadRequestException("endReason: " + problem);
        }
    }
}
