package org.exposuregraph.alert;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Something that happened to a watched supply chain; the body of a webhook delivery and of the subscription.
 *
 * @param id                  stable: a hash of the watch, the change entry, the event and the subject
 * @param changeSeq           the change entry that raised it
 * @param subjectId           the incident, link or vendor it is about
 * @param sourceOrganisations the organisations whose breach or risk exposes the watched ones
 */
public record Alert(String id, String watchId, AlertEvent event, String summary, long changeSeq,
                    OffsetDateTime raisedAt, String subjectId, List<String> sourceOrganisations,
                    List<Exposure> exposed, List<String> sourceIds, int confidence) {

    /** A watched organisation the alert concerns, with the chain that explains it. */
    public record Exposure(String organisationId, String name, List<String> categories, boolean specialCategory,
                           int hops, List<String> path) {
    }
}
