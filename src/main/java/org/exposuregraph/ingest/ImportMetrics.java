package org.exposuregraph.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.exposuregraph.graph.ImportReport;
import org.springframework.stereotype.Component;

/**
 * What imports did, as counters for {@code /actuator/prometheus} (docs/operations.md): imports by result, the
 * nodes and relationships they created, updated or found unchanged, and their rejected and skipped rows.
 */
@Component
class ImportMetrics {

    private final MeterRegistry registry;

    ImportMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts this report and hands it back. */
    ImportReport count(ImportReport report) {
        String format = report.format();
        counter("exposuregraph.import", "Imports run, by format and result", format, "result",
                report.accepted() ? "accepted" : "rejected").increment();
        records(format, "created", report.created());
        records(format, "updated", report.updated());
        records(format, "unchanged", report.unchanged());
        rows(format, "rejected", report.rejected().size());
        rows(format, "skipped", report.skipped().size());
        return report;
    }

    private void records(String format, String outcome, long count) {
        counter("exposuregraph.import.records", "Nodes and relationships an import wrote or found unchanged",
                format, "outcome", outcome).increment(count);
    }

    private void rows(String format, String outcome, long count) {
        counter("exposuregraph.import.rows", "Rows an import rejected (nothing written) or skipped",
                format, "outcome", outcome).increment(count);
    }

    private Counter counter(String name, String description, String format, String tag, String value) {
        return Counter.builder(name).description(description).tag("format", format).tag(tag, value).register(registry);
    }
}
