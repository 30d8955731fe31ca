package org.exposuregraph.threat;

import java.util.List;

import org.exposuregraph.provenance.Sourced;

/** An organisation running a piece of software ({@code RUNS}). */
public record SoftwareUse(String id, String organisationId, String softwareId, int confidence, boolean disputed,
                          List<String> sourceIds) implements Sourced {
}
