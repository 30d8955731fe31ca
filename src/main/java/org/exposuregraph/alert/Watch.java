package org.exposuregraph.alert;

import java.time.OffsetDateTime;
import java.util.List;

import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.security.Tlp;

/**
 * What a key's owner watches: the union of organisations named by id, by ODS code, by ICB and by kind; alerts
 * are limited to {@code categories} (expanded to sub-categories when used) and {@code minSensitivity}, and built
 * from facts within {@code clearance} only.
 *
 * @param owner the name of the key that created it; only that key reads and deletes it
 */
public record Watch(String id, String name, String owner, List<String> organisations, List<String> odsCodes,
                    String icbCode, OrganisationKind kind, List<String> categories, Integer minSensitivity,
                    Double riskThreshold, Tlp clearance, OffsetDateTime createdAt) {

    /** Whether an organisation with these properties is watched. */
    boolean watches(String organisationId, String odsCode, String organisationIcb, String organisationKind) {
        return organisations.contains(organisationId)
                || odsCode != null && odsCodes.contains(odsCode)
                || icbCode != null && icbCode.equals(organisationIcb)
                || kind != null && kind.name().equals(organisationKind);
    }
}
