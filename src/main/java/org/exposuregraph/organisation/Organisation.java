package org.exposuregraph.organisation;

import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.graph.OrganisationStatus;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.security.Tlp;
import org.springframework.data.neo4j.core.schema.Id;
import org.springframework.data.neo4j.core.schema.Node;

/**
 * An organisation node. Relationships (data flows, sub-processing, software) are read by purpose-written
 * Cypher in their own modules, so the entity maps properties only and stays cheap to load in pages.
 */
@Node("Organisation")
public record Organisation(
        @Id String id,
        String name,
        OrganisationKind kind,
        List<String> aliases,
        String odsCode,
        String companyNumber,
        String domain,
        String postcode,
        OrganisationStatus status,
        LocalDate openDate,
        LocalDate closeDate,
        String commissionerCode,
        String icbCode,
        Boolean unnamedGroup,
        String description,
        Tlp tlp) {

    public Organisation {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        status = status == null ? OrganisationStatus.ACTIVE : status;
        kind = kind == null ? OrganisationKind.OTHER : kind;
        unnamedGroup = Boolean.TRUE.equals(unnamedGroup);
        tlp = tlp == null ? Tlp.CLEAR : tlp;
    }
}
