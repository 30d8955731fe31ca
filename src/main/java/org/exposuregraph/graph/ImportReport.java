package org.exposuregraph.graph;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an import did with every row: how many nodes and relationships it created, updated or found
 * unchanged, each rejected row with the reason, and each row deliberately skipped (e.g. STIX object types
 * the model has no place for). An import with rejections writes nothing (docs/import-formats.md). A synced
 * inventory import also reports the facts of its source it ended ({@code ended}, {@code endedFacts}).
 */
public record ImportReport(String format, long created, long updated, long unchanged, List<Rejection> rejected,
                           List<Rejection> skipped, long ended, List<String> endedFacts) {

    public ImportReport {
        rejected = List.copyOf(rejected);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        endedFacts = endedFacts == null ? List.of() : List.copyOf(endedFacts);
    }

    /** A report of an import that ended nothing (every import but a synced one). */
    public ImportReport(String format, long created, long updated, long unchanged, List<Rejection> rejected,
                        List<Rejection> skipped) {
        this(format, created, updated, unchanged, rejected, skipped, 0, List.of());
    }

    /** This report with the facts a synced import ended (as {@code TYPE:id}). */
    public ImportReport withEnded(List<String> facts) {
        return new ImportReport(format, created, updated, unchanged, rejected, skipped, facts.size(), facts);
    }

    /** A row that was not imported; {@code line} (1-based) for line-based formats, {@code object} for documents. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rejection(Long line, String object, String reason) {

        public static Rejection atLine(long line, String reason) {
            return new Rejection(line, null, reason);
        }

        public static Rejection atObject(String object, String reason) {
            return new Rejection(null, object, reason);
        }
    }

    public boolean accepted() {
        return rejected.isEmpty();
    }

    public static ImportReport rejected(String format, List<Rejection> rejections, List<Rejection> skipped) {
        return new ImportReport(format, 0, 0, 0, rejections, skipped);
    }
}
