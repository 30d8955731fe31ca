package org.exposuregraph.ingest;

import java.util.List;

/**
 * What an import did with every row: how many nodes and relationships it created, updated or found
 * unchanged, and each rejected row with the reason. A native import with rejections writes nothing.
 */
public record ImportReport(String format, long created, long updated, long unchanged, List<Rejection> rejected) {

    /** A row that was not imported; {@code line} for line-based formats, {@code object} for documents. */
    public record Rejection(Long line, String object, String reason) {
    }

    public boolean accepted() {
        return rejected.isEmpty();
    }

    static ImportReport rejected(String format, List<Rejection> rejections) {
        return new ImportReport(format, 0, 0, 0, List.copyOf(rejections));
    }
}
