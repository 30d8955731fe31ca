package org.exposuregraph.alert;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Something that happened to a watched supply chain; the body of a webhook delivery and of the subscription.
 *
 * @param id                  stable: a hash of the watch, the change entry, the event and the subject
 * @param changeSeq           the change entry that raised it
 * @param subjectId           the incident, link or vendor it is about
 * @param sourceOrganisations the organisations whose breach or risk exposes the watched ones
 * @param riskScore           a RISK_THRESHOLD alert's vendor risk score, at the watch's clearance; absent otherwise
 * @param riskThreshold       the watch's threshold it crossed; absent but for RISK_THRESHOLD
 */
public record Alert(String id, String watchId, AlertEvent event, String summary, long changeSeq,
                    OffsetDateTime raisedAt, String subjectId, List<String> sourceOrganisations,
                    List<Exposure> exposed, List<String> sourceIds, int confidence,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double riskScore,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Double riskThreshold) {

    /** This alert with a RISK_THRESHOLD alert's score and the threshold it crossed. */
    Alert withRisk(double score, double threshold) {
        return new Alert(id, watchId, event, summary, changeSeq, raisedAt, subjectId, sourceOrganisations, exposed,
                sourceIds, confidence, score, threshold);
    }

    /** A watched organisation the alert concerns, with the chain that explains it. */
    public record Exposure(String organisationId, String name, List<String> categories, boolean specialCategory,
                           int hops, List<String> path) {
    }
}
