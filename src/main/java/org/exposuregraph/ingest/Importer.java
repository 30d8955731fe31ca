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
}
