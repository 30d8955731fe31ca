package org.exposuregraph.organisation;

import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.graph.OrganisationStatus;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.api.FieldError;
import org.exposuregraph.graph.GraphEdits;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.security.Tlp;
import org.mapstruct.Mapper;
import org.mapstruct.MappingConstants;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code saveOrganisation}: a hand edit through the importer, answered with the organisation as saved. */
@Controller
class OrganisationMutations {

    record OrganisationInput(String id, String name, OrganisationKind kind, List<String> aliases, String odsCode,
                             String companyNumber, String domain, String postcode, OrganisationStatus status,
                             LocalDate openDate, LocalDate closeDate, String commissionerCode, String icbCode,
                             Boolean unnamedGroup, String description, Tlp tlp) {
    }

    record OrganisationPayload(Organisation organisation, List<FieldError> errors) {
    }

    @Mapper(componentModel = MappingConstants.ComponentModel.SPRING)
    interface InputMapper {
        NativeDocument.OrganisationRow toRow(OrganisationInput input);
    }

    private final GraphEdits edits;
    private final OrganisationService organisations;
    private final InputMapper mapper;

    OrganisationMutations(GraphEdits edits, OrganisationService organisations, InputMapper mapper) {
        this.edits = edits;
        this.organisations = organisations;
        this.mapper = mapper;
    }

    @MutationMapping
    OrganisationPayload saveOrganisation(@Argument OrganisationInput input) {
        List<FieldError> errors = edits.apply("saveOrganisation", GraphEdits.document().organisation(mapper.toRow(input)).build());
        return new OrganisationPayload(errors.isEmpty() ? organisations.require(input.id()) : null, errors);
    }
}
