package org.exposuregraph.incident;

import org.exposuregraph.graph.IncidentKind;
import org.exposuregraph.graph.LeakStatus;
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

/** {@code saveIncident} and {@code saveAttribution}: hand edits through the importer. */
@Controller
class IncidentMutations {

    record IncidentInput(String id, String name, IncidentKind kind, LocalDate discovered, LeakStatus leakStatus,
                         String ransomDemand, String summary, Integer confidence, List<String> sourceIds, Tlp tlp) {
    }

    record IncidentPayload(Incident incident, List<FieldError> errors) {
    }

    record AttributionInput(String id, String incident, String actor, Integer confidence, List<String> sourceIds,
                            Tlp tlp) {
    }

    record AttributionPayload(IncidentLink attribution, List<FieldError> errors) {
    }

    @Mapper(componentModel = MappingConstants.ComponentModel.SPRING)
    interface InputMapper {
        @Mapping(target = "breached", ignore = true)
        @Mapping(target = "leaked", ignore = true)
        @Mapping(target = "affected", ignore = true)
        @Mapping(target = "attributedTo", ignore = true)
        @Mapping(target = "exploited", ignore = true)
        NativeDocument.IncidentRow toRow(IncidentInput input);
    }

    private final GraphEdits edits;
    private final IncidentService incidents;
    private final InputMapper mapper;

    IncidentMutations(GraphEdits edits, IncidentService incidents, InputMapper mapper) {
        this.edits = edits;
        this.incidents = incidents;
        this.mapper = mapper;
    }

    @MutationMapping
    IncidentPayload saveIncident(@Argument IncidentInput input) {
        List<FieldError> errors = edits.apply("saveIncident", GraphEdits.document().incident(mapper.toRow(input)).build());
        return new IncidentPayload(errors.isEmpty() ? incidents.require(input.id()) : null, errors);
    }

    /** The incident must exist; it is written back unchanged with the one attribution link. */
    @MutationMapping
    AttributionPayload saveAttribution(@Argument AttributionInput input) {
        Incident incident = incidents.require(input.incident());
        NativeDocument.LinkRow link = new NativeDocument.LinkRow(input.id(), input.actor(), input.confidence(), input.sourceIds(), input.tlp());
        NativeDocument.IncidentRow row = incident.withLinks(null, List.of(link));
        List<FieldError> errors = edits.apply("saveAttribution", GraphEdits.document().incident(row).build()).stream()
                .map(e -> e.field().equals("target") ? new FieldError("actor", e.message()) : e).toList();
        if (!errors.isEmpty()) {
            return new AttributionPayload(null, errors);
        }
        IncidentLink saved = incidents.links(List.of(incident.id()), IncidentLink.Kind.ATTRIBUTED_TO)
                .getOrDefault(incident.id(), List.of()).stream()
                .filter(l -> l.targetId().equals(input.actor())).findFirst().orElseThrow();
        return new AttributionPayload(saved, errors);
    }
}
