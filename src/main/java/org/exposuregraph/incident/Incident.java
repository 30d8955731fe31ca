package org.exposuregraph.incident;

import org.exposuregraph.security.Tlp;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.provenance.Sourced;

/** A breach of one or more organisations; contested values (date, ransom) also live in its claims. */
public record Incident(String id, String name, Kind kind, LocalDate discovered, LeakStatus leakStatus,
                       String ransomDemand, String summary, int confidence, boolean disputed,
                       List<String> sourceIds, Tlp tlp) implements Sourced {

    public enum Kind { RANSOMWARE, DATA_THEFT_EXTORTION, UNAUTHORISED_ACCESS, ACCIDENTAL_DISCLOSURE, OTHER }

    public enum LeakStatus { NOT_LEAKED, THREATENED, PARTIALLY_PUBLISHED, PUBLISHED, UNKNOWN }
}
