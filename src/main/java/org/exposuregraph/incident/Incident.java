package org.exposuregraph.incident;

import org.exposuregraph.graph.IncidentKind;
import org.exposuregraph.graph.LeakStatus;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.security.Tlp;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.provenance.Sourced;

/** A breach of one or more organisations; contested values (date, ransom) also live in its claims. */
public record Incident(String id, String name, IncidentKind kind, LocalDate discovered, LeakStatus leakStatus,
                       String ransomDemand, String summary, int confidence, boolean disputed,
                       List<String> sourceIds, Tlp tlp) implements Sourced {

    /**
     * This incident as a write-model row carrying only these links (null: none): how a mutation adds a link to an
     * incident it otherwise writes back unchanged.
     */
    public NativeDocument.IncidentRow withLinks(List<NativeDocument.LinkRow> breached, List<NativeDocument.LinkRow> attributedTo) {
        return new NativeDocument.IncidentRow(id, name, kind, discovered, leakStatus, ransomDemand, summary, confidence,
                sourceIds, breached, null, null, attributedTo, null, tlp);
    }
}
