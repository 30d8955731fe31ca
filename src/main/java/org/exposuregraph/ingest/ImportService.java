package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.security.Tlp;
import org.springframework.stereotype.Service;

/**
 * The one import code path behind {@code POST /api/imports/{format}}, the {@code import} command and the
 * seed loader: picks the format's importer and runs it over a whole file.
 */
@Service
public class ImportService {

    private final Map<String, Importer> importers = new TreeMap<>();
    private final ImportMetrics metrics;

    ImportService(List<Importer> importers, ImportMetrics metrics) {
        this.metrics = metrics;
        importers.forEach(importer -> this.importers.put(importer.format(), importer));
    }

    public List<String> formats() {
        return List.copyOf(importers.keySet());
    }

    public ImportReport importFile(String format, Path file) {
        return importFile(format, file, null);
    }

    /** Imports a file, every record marked at least {@code marking} (null: as the file says; rows' stricter markings win). */
    public ImportReport importFile(String format, Path file, Tlp marking) {
        return importFile(format, file, marking, ImportSource.NONE);
    }

    /** As {@link #importFile(String, Path, Tlp)}, on behalf of a source, possibly synced (inventory only). */
    ImportReport importFile(String format, Path file, Tlp marking, ImportSource source) {
        return importFile(format, file, marking, source, new ImportProgress());
    }

    /** As {@link #importFile(String, Path, Tlp, ImportSource)}, telling {@code progress} how far it got. */
    ImportReport importFile(String format, Path file, Tlp marking, ImportSource source, ImportProgress progress) {
        Importer importer = importers.get(format);
        if (importer == null) {
            throw new BadRequestException("Unknown import format '" + format + "'; known: " + String.join(", ", formats()));
        }
        try {
            return metrics.count(importer.importFile(file, marking, source, progress));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports a stream (a request body) by spooling it to a temporary file, since large formats read twice. */
    public ImportReport importStream(String format, InputStream body, Tlp marking) {
        return importStream(format, body, marking, ImportSource.NONE);
    }

    ImportReport importStream(String format, InputStream body, Tlp marking, ImportSource source) {
        if (!importers.containsKey(format)) {
            return importFile(format, null, marking, source);
        }
        Path spool = null;
        try {
            spool = spool(body, format);
            return importFile(format, spool, marking, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(spool);
        }
    }

    /** The body in a temporary file, since large formats read it twice. */
    static Path spool(InputStream body, String format) throws IOException {
        Path spool = Files.createTempFile("exposuregraph-import-", "." + format);
        Files.copy(body, spool, StandardCopyOption.REPLACE_EXISTING);
        return spool;
    }

    static void delete(Path spool) {
        if (spool != null) {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans up
            }
        }
    }
}
