package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import java.io.IOException;
import java.nio.file.Path;

import org.exposuregraph.security.Tlp;

/** One import format: reads a whole file and reports what it did with every row. */
interface Importer {

    /** The name used in {@code POST /api/imports/{format}} and {@code import --format}. */
    String format();

    /** Imports the file, every record marked at least {@code marking} (null: as the file says). */
    ImportReport importFile(Path file, Tlp marking) throws IOException;

    /** Imports the file on behalf of a source; only the inventory records sources and syncs (docs/import-formats.md). */
    default ImportReport importFile(Path file, Tlp marking, ImportSource source) throws IOException {
        if (source.name() != null) {
            throw new org.exposuregraph.api.BadRequestException(
                    "source and mode=sync are for the inventory format only, not " + format());
        }
        return importFile(file, marking);
    }

    /**
     * As {@link #importFile(Path, Tlp, ImportSource)}, telling {@code progress} how far it got. The small formats
     * check and write in one step, so they report their rows once, at the end; the inventory reports as it goes.
     */
    default ImportReport importFile(Path file, Tlp marking, ImportSource source, ImportProgress progress) throws IOException {
        progress.phase(ImportProgress.Phase.CHECKING);
        ImportReport report = importFile(file, marking, source);
        if (report.accepted()) {
            progress.written(report.created() + report.updated() + report.unchanged());
        }
        return report;
    }
}
