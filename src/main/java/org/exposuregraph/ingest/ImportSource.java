package org.exposuregraph.ingest;

import java.util.Locale;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.graph.InventorySync;
import org.exposuregraph.graph.WriteRules;

/**
 * Whom an inventory import speaks for: the source it names ({@code source=NAME}, recorded in {@code assertedBy} of
 * every fact it writes) and whether the file is that source's whole truth ({@code mode=sync}: the source's facts the
 * file no longer holds are ended). The default mode, {@code add}, only adds and updates.
 */
record ImportSource(String name, boolean sync) {

    static final ImportSource NONE = new ImportSource(null, false);

    /** From {@code ?mode=&source=} or {@code --mode --source}; a clear BadRequestException for anything else. */
    static ImportSource parse(String mode, String source) {
        String m = mode == null || mode.isBlank() ? "add" : mode.strip().toLowerCase(Locale.ROOT);
        if (!m.equals("add") && !m.equals("sync")) {
            throw new BadRequestException("Unknown import mode '" + mode + "'; known: add (the default: add or update), "
                    + "sync (the file is the whole truth for its source; needs source=NAME)");
        }
        String name = source == null || source.isBlank() ? null : source.strip();
        if (m.equals("sync") && name == null) {
            throw new BadRequestException(InventorySync.sourceProblem(null));
        }
        String problem = name == null ? null : WriteRules.id(name);
        if (problem != null) {
            throw new BadRequestException("source: " + problem);
        }
        return new ImportSource(name, m.equals("sync"));
    }

    /** As given on the command line, for the audit log. */
    String arguments() {
        return (sync ? " --mode sync" : "") + (name == null ? "" : " --source " + name);
    }
}
