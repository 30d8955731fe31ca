package org.exposuregraph.graph;

import java.time.LocalDate;

import org.exposuregraph.security.Tlp;

/** The rows of the risk team's inventory, checked, as the bulk writer ({@link InventoryWriter}) takes them. */
public final class InventoryRows {

    private InventoryRows() {
    }

    /** One checked row of the file. */
    public sealed interface Row permits OrganisationRow, FlowRow, SubProcessingRow, SoftwareRow, CategoryRow {
        /** The row's own marking; null when its tlp column is empty or absent. */
        Tlp tlp();
    }

    public record OrganisationRow(String id, String name, OrganisationKind kind, String domain, String companyNumber,
                           Tlp tlp) implements Row {
    }

    public record FlowRow(String id, String client, String processor, String[] categories, Long people, Long records,
                   String purpose, LocalDate since, LocalDate until, String endReason, Tlp tlp) implements Row {
        public String factId() {
            return id != null ? id : Facts.dataFlowId(client, processor);
        }
    }

    public record SubProcessingRow(String id, String processor, String subProcessor, String[] categories, String purpose,
                            LocalDate since, LocalDate until, String endReason, Tlp tlp) implements Row {
        public String factId() {
            return id != null ? id : Facts.subProcessingId(processor, subProcessor);
        }
    }

    /** A data category the file adds to the taxonomy (written before everything else, like the native format's). */
    public record CategoryRow(String id, String name, String parent, int sensitivity, boolean specialCategory,
                              boolean sensitivePopulation, String description) implements Row {
        @Override
        public Tlp tlp() {
            return null; // categories carry no marking: the taxonomy is shared
        }
    }

    public record SoftwareRow(String id, String organisation, String software, String name, LocalDate since,
                              LocalDate until, String endReason, Tlp tlp) implements Row {
        public String factId() {
            return id != null ? id : Facts.softwareUseId(organisation, software);
        }
    }
}
