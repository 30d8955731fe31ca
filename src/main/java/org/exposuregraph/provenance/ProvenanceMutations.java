package org.exposuregraph.provenance;

import org.exposuregraph.graph.ClaimStance;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.api.FieldError;
import org.exposuregraph.graph.GraphEdits;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.security.Tlp;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingConstants;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code saveSource} and {@code saveClaim}: hand edits through the importer. A DISPUTES claim marks its fact. */
@Controller
class ProvenanceMutations {

    record SourceInput(String id, String publisher, String title, String url, LocalDate published, Tlp tlp) {
    }

    record SourcePayload(Source source, List<FieldError> errors) {
    }

    record ClaimInput(String id, String subjectId, String property, String value, String statement, Integer confidence,
                      ClaimStance stance, List<String> sourceIds, Tlp tlp) {
    }

    record ClaimPayload(Claim claim, List<FieldError> errors) {
    }

    @Mapper(componentModel = MappingConstants.ComponentModel.SPRING)
    interface InputMapper {
        NativeDocument.SourceRow toRow(SourceInput input);

        @Mapping(target = "subject", source = "subjectId")
        NativeDocument.ClaimRow toRow(ClaimInput input);
    }

    private final GraphEdits edits;
    private final ProvenanceService provenance;
    private final InputMapper mapper;

    ProvenanceMutations(GraphEdits edits, ProvenanceService provenance, InputMapper mapper) {
        this.edits = edits;
        this.provenance = provenance;
        this.mapper = mapper;
    }

    @MutationMapping
    SourcePayload saveSource(@Argument SourceInput input) {
        List<FieldError> errors = edits.apply("saveSource", GraphEdits.document().source(mapper.toRow(input)).build());
        return new SourcePayload(errors.isEmpty() ? provenance.sourcesById(List.of(input.id())).get(input.id()) : null, errors);
    }

    @MutationMapping
    ClaimPayload saveClaim(@Argument ClaimInput input) {
        if (input.subjectId() != null && !edits.factExists(input.subjectId())) {
            return new ClaimPayload(null, List.of(new FieldError("subjectId",
                    "no organisation, incident, actor or fact has the id '" + input.subjectId() + "'")));
        }
        List<FieldError> errors = edits.apply("saveClaim", GraphEdits.document().claim(mapper.toRow(input)).build()).stream()
                .map(e -> e.field().equals("subject") ? new FieldError("subjectId", e.message()) : e).toList();
        if (!errors.isEmpty()) {
            return new ClaimPayload(null, errors);
        }
        Claim saved = provenance.claimsBySubject(List.of(input.subjectId())).getOrDefault(input.subjectId(), List.of())
                .stream().filter(c -> c.id().equals(input.id())).findFirst().orElseThrow();
        return new ClaimPayload(saved, errors);
    }
}
