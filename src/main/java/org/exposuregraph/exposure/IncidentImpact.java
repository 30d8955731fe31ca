package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.exposuregraph.incident.Incident;

/**
 * Everything an incident reaches: the exposure of all its breached vendors, what was reported leaked,
 * and who must consider notifying the regulator and the people concerned.
 *
 * @param asOf the date the exposure is for (by default the discovery date: who used the vendors then)
 */
public record IncidentImpact(Incident incident, LocalDate asOf, List<String> breachedVendorIds, VendorExposure exposure,
                             List<String> leakedCategoryIds, List<Notification> notifications) {

    /**
     * One controller's notification duty.
     *
     * @param deadline UK GDPR Art. 33: 72 hours after awareness, taken as the incident's discovery date (00:00 UTC)
     * @param notifyIndividuals Art. 34 high risk: special-category or sensitive-population data exposed
     */
    public record Notification(String controllerId, OffsetDateTime deadline, boolean notifyIndividuals, String reason,
                               List<String> categoryIds, Integer people) {
    }
}
