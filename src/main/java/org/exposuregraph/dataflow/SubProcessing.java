package org.exposuregraph.dataflow;

import org.exposuregraph.security.Tlp;
import java.time.LocalDate;
import java.util.List;

import org.exposuregraph.provenance.Sourced;

/**
 * A processor passing data on to a sub-processor. {@code categoryIds == null} means every category the
 * processor holds is passed on.
 */
public record SubProcessing(String id, String processorId, String subProcessorId, List<String> categoryIds,
                            String purpose, LocalDate since, LocalDate until, String endReason, int confidence, boolean disputed, List<String> sourceIds,
                            Tlp tlp) implements Sourced {

    public boolean allCategories() {
        return categoryIds == null;
    }
}
