package org.exposuregraph.graph;

import java.time.LocalDate;

import org.exposuregraph.security.Tlp;

/** The rows of the risk team's inventory, checked, as the bulk writer ({@link InventoryWriter}) takes them. */
public final class InventoryRows {

    private InventoryRows() {
    }

    /** One checked row of the file. */
    public sealed interface Row permits OrganisationRow, FlowRow, SubProcessingRow, SoftwareRow {
        /** The row's own marking; null when its tlp column is empty or absent. */
        Tlp tlp();
    }

    public record OrganisationRow(String id, String name, OrganisationKind kind, String domain, String companyNumber,
                           Tlp tlp) implements Row {
    }

    public record FlowRow(String id, String client, String processor, String[] categories, Long people, Long records,
                   String purpose, LocalDate since, Tlp tlp) implements Row {
        public String factId() {
            return id != null ? id : Facts.dataFlowId(client, processor);
        }
    }

    public record SubProcessingRow(String id, String processor, String subProcessor, String[] categories, String purpose,
                            Tlp tlp) implements Row {
        public String factId() {
            return id != null ? id : Facts.subProcessingId(processor, subProcessor);
        }
    }

    public record SoftwareRow(String id, String organisation, String software, String name, Tlp tlp) implements Row {
        public String factId() {
            return id != null ? id : Facts.softwareUseId(organisation, software);
        }
    }
}
