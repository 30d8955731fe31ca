package org.exposuregraph.threat;

import org.exposuregraph.security.Tlp;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.provenance.Sourced;

/** An organisation running a piece of software ({@code RUNS}). */
public record SoftwareUse(String id, String organisationId, String softwareId, LocalDate since, LocalDate until,
                          String endReason, int confidence, boolean disputed,
                          List<String> sourceIds, Tlp tlp) implements Sourced {
}
