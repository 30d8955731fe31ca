package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.incident.Incident;
import org.exposuregraph.threat.ThreatActor;

/**
 * What an actor has done and whom it could reach now.
 *
 * @param asOf           the date "now" means: software use and data flows holding on it count
 * @param familyIds      the actor and the actors it uses or is used by (one USES step either way)
 * @param atRiskVendorIds organisations running software with a vulnerability the family exploits
 * @param atRiskClients  clients exposed through those vendors, most sensitive data first, then most people
 */
public record ThreatActorReach(ThreatActor actor, LocalDate asOf, List<String> familyIds, List<Incident> incidents,
                               List<String> victimIds, List<String> vulnerabilityIds, List<String> softwareIds,
                               List<String> atRiskVendorIds, List<ExposedClient> atRiskClients) {
}
