package org.exposuregraph.incident;

import org.exposuregraph.security.Tlp;
import java.util.List;

import org.exposuregraph.provenance.Sourced;

/**
 * A sourced link from an incident to what it breached, leaked, affected, exploited or is attributed to.
 * The GraphQL types ExposedCategory, AffectedOrganisation and Attribution are views of it.
 */
public record IncidentLink(String id, String incidentId, String targetId, int confidence, boolean disputed,
                           List<String> sourceIds, Tlp tlp) implements Sourced {

    /** The relationship behind each kind of link, as a fixed pattern binding {@code r} and {@code t}. */
    public enum Kind {
        BREACHED("MATCH (i:Incident {id: incidentId})-[r:BREACHED]->(t:Organisation)"),
        LEAKED("MATCH (i:Incident {id: incidentId})-[r:LEAKED]->(t:DataCategory)"),
        AFFECTED("MATCH (i:Incident {id: incidentId})-[r:AFFECTED]->(t:Organisation)"),
        ATTRIBUTED_TO("MATCH (i:Incident {id: incidentId})-[r:ATTRIBUTED_TO]->(t:ThreatActor)"),
        EXPLOITED("MATCH (i:Incident {id: incidentId})-[r:EXPLOITED]->(t:Vulnerability)");

        final String pattern;

        Kind(String pattern) {
            this.pattern = pattern;
        }
    }
}
