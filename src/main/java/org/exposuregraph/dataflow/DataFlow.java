package org.exposuregraph.dataflow;

import org.exposuregraph.security.Tlp;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.provenance.Sourced;

/** A client entrusting personal data to a processor: one {@code ENTRUSTS} relationship per pair. */
public record DataFlow(String id, String clientId, String processorId, List<String> categoryIds, Integer people,
                       Integer records, String purpose, LocalDate since, LocalDate until, String endReason, int confidence,
                       boolean disputed, List<String> sourceIds, Tlp tlp) implements Sourced {
}
