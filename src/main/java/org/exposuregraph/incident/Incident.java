package org.exposuregraph.incident;

import org.exposuregraph.graph.IncidentKind;
import org.exposuregraph.graph.LeakStatus;
import org.exposuregraph.security.Tlp;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.provenance.Sourced;

/** A breach of one or more organisations; contested values (date, ransom) also live in its claims. */
public record Incident(String id, String name, IncidentKind kind, LocalDate discovered, LeakStatus leakStatus,
                       String ransomDemand, String summary, int confidence, boolean disputed,
                       List<String> sourceIds, Tlp tlp) implements Sourced {
}
