package org.exposuregraph.ingest;

import java.io.IOException;
import java.nio.file.Path;

/** One import format: reads a whole file and reports what it did with every row. */
interface Importer {

    /** The name used in {@code POST /api/imports/{format}} and {@code import --format}. */
    String format();

    ImportReport importFile(Path file) throws IOException;
}
