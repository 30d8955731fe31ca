package org.exposuregraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.exposuregraph.database.GraphVersion;
import org.exposuregraph.database.InProcessGraph;
import org.exposuregraph.graph.GraphWriter;
import org.exposuregraph.ingest.ImportReport.Rejection;
import org.exposuregraph.organisation.OrganisationKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;

/**
 * The risk team's inventory: one CSV file with a header row and a {@code type} column (docs/import-formats.md).
 * Policy: the whole file is checked first (columns, values, categories, references); with any rejected line
 * nothing is written. A clean file is then written in batches, one transaction each: organisations, software
 * and sub-processing first, then data flows by parallel writers that own disjoint sets of clients. A process
 * killed mid-write leaves whole batches only; importing the same file again completes it (idempotent).
 */
@Component
@EnableConfigurationProperties(ImportProperties.class)
class InventoryImporter implements Importer {

    static final String FORMAT = "inventory";
    /** How the change record names this import's entries (one per batch). */
    static final String OPERATION = "import:" + FORMAT;
    static final List<String> HEADER = List.of("type", "id", "name", "kind", "domain", "companyNumber", "from", "to",
            "categories", "people", "records", "purpose", "since");
    private static final Logger log = LoggerFactory.getLogger(InventoryImporter.class);
    private static final Pattern ID = Pattern.compile(NativeDocument.ID_PATTERN);

    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;
    private final ObjectProvider<InProcessGraph> inProcess;
    private final ImportProperties properties;
    private final GraphVersion graphVersion;

    InventoryImporter(Neo4jClient neo4jClient, GraphWriter graphWriter, ObjectProvider<InProcessGraph> inProcess,
                      ImportProperties properties, GraphVersion graphVersion) {
        this.neo4jClient = neo4jClient;
        this.graphWriter = graphWriter;
        this.inProcess = inProcess;
        this.properties = properties;
        this.graphVersion = graphVersion;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ImportReport importFile(Path file) throws IOException {
        long checkStarted = System.nanoTime();
        Check check = new Check(Set.copyOf(neo4jClient.query("MATCH (c:DataCategory) RETURN c.id").fetchAs(String.class).all()));
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines.read(in, check::line);
        }
        List<Rejection> rejections = check.finish();
        if (!rejections.isEmpty()) {
            return ImportReport.rejected(FORMAT, rejections, List.of());
        }
        long started = System.nanoTime();
        GraphUpserts.Tally tally;
        try (GraphVersion.BulkWrite bulk = graphVersion.bulkWrite()) {
            tally = write(file, check.popularProcessors());
        } finally {
            graphWriter.sequence(); // the batches' change entries, in the order they committed
        }
        log.info("Inventory {}: checked in {} ms; wrote {} created, {} updated, {} unchanged in {} ms",
                file.getFileName(), (started - checkStarted) / 1_000_000, tally.created, tally.updated, tally.unchanged,
                (System.nanoTime() - started) / 1_000_000);
        return new ImportReport(FORMAT, tally.created, tally.updated, tally.unchanged, List.of(), List.of());
    }

    /** Writes a checked file: what flows point at first, then the flows by the parallel writers, a pass per round. */
    private GraphUpserts.Tally write(Path file, Set<String> popularProcessors) throws IOException {
        InventoryWriter writer = new InventoryWriter(neo4jClient, graphWriter, inProcess.getIfAvailable(), properties,
                disputedFacts(), popularProcessors);
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines.read(in, line -> {
                if (line.number() > 1 && !isBlank(line.fields()) && !line.fields().get(0).equals("flow")) {
                    writer.acceptReferenced(parse(line.fields()));
                }
            });
        }
        writer.flushReferenced();
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        boolean moreRounds = true;
        for (int round = 0; moreRounds; round++) {
            if (writer.startFlowRound(round)) {
                try (InputStream in = Files.newInputStream(file)) {
                    CsvLines.readWhile(in, line -> line.number() == 1 || isBlank(line.fields())
                            || !line.fields().get(0).equals("flow") || writer.acceptFlow((FlowRow) parse(line.fields())));
                }
            }
            moreRounds = writer.finishFlowRound();
        }
        long nanos = System.nanoTime() - started;
        long flows = writer.flowsWritten();
        log.info("Inventory {}: {} data flows in {} ms ({} rows/s, {} ms of processor time, {} batches retried)",
                file.getFileName(), flows, nanos / 1_000_000, nanos == 0 ? 0 : flows * 1_000_000_000L / nanos,
                (processCpuNanos() - cpuStarted) / 1_000_000, writer.retriedBatches());
        return writer.finish();
    }

    /** CPU time of the whole process, all threads (the writers, the reader, the garbage collector). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private Set<String> disputedFacts() {
        return new HashSet<>(neo4jClient.query("MATCH (c:Claim {stance: 'DISPUTES'}) RETURN DISTINCT c.subjectId")
                .fetchAs(String.class).all());
    }

    /** One checked row of the file. */
    sealed interface Row permits OrganisationRow, FlowRow, SubProcessingRow, SoftwareRow {
    }

    record OrganisationRow(String id, String name, OrganisationKind kind, String domain, String companyNumber) implements Row {
    }

    record FlowRow(String id, String client, String processor, String[] categories, Long people, Long records,
                   String purpose, LocalDate since) implements Row {
        String factId() {
            return id != null ? id : "flow:" + client + ":" + processor;
        }
    }

    record SubProcessingRow(String id, String processor, String subProcessor, String[] categories, String purpose) implements Row {
    }

    record SoftwareRow(String id, String organisation, String software, String name) implements Row {
    }

    /** Parses a line whose shape was already checked; throws IllegalArgumentException with the reason otherwise. */
    static Row parse(List<String> f) {
        if (f.size() != HEADER.size()) {
            throw new IllegalArgumentException("expected " + HEADER.size() + " columns, found " + f.size());
        }
        String type = f.get(0).strip();
        String id = optional(f.get(1));
        if (id != null && !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: '" + id + "' " + NativeDocument.ID_MESSAGE);
        }
        return switch (type) {
            case "organisation" -> {
                if (id == null) {
                    throw new IllegalArgumentException("id: an organisation needs an id");
                }
                String name = required(f.get(2), "name");
                OrganisationKind kind;
                try {
                    kind = OrganisationKind.valueOf(required(f.get(3), "kind"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("kind: unknown organisation kind '" + f.get(3).strip() + "'");
                }
                yield new OrganisationRow(id, name, kind, optional(f.get(4)), optional(f.get(5)));
            }
            case "flow" -> new FlowRow(id, reference(f.get(6), "from"), reference(f.get(7), "to"),
                    categories(f.get(8), true), number(f.get(9), "people"), number(f.get(10), "records"),
                    optional(f.get(11)), date(f.get(12)));
            case "subprocessing" -> new SubProcessingRow(id, reference(f.get(6), "from"), reference(f.get(7), "to"),
                    categories(f.get(8), false), optional(f.get(11)));
            case "software" -> new SoftwareRow(id, reference(f.get(6), "from"), reference(f.get(7), "to"), optional(f.get(2)));
            default -> throw new IllegalArgumentException(
                    "type: unknown record type '" + type + "' (organisation, flow, subprocessing or software)");
        };
    }

    private static String[] categories(String text, boolean required) {
        String value = text.strip();
        if (value.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException("categories: a data flow needs at least one category");
            }
            return null;
        }
        String[] ids = value.split(";");
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ids[i].strip();
        }
        return ids;
    }

    private static Long number(String text, String column) {
        String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": '" + value + "' is not a whole number of 0 or more");
        }
    }

    private static LocalDate date(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since: '" + value + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static String reference(String text, String column) {
        String value = required(text, column);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(column + ": '" + value + "' " + NativeDocument.ID_MESSAGE);
        }
        return value;
    }

    private static String required(String text, String column) {
        String value = optional(text);
        if (value == null) {
            throw new IllegalArgumentException(column + ": required");
        }
        return value;
    }

    private static String optional(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static boolean isBlank(List<String> fields) {
        return fields.size() == 1 && fields.get(0).isBlank();
    }

    /** The first pass: every line checked, every reference and category resolved, nothing written. */
    private final class Check {
        private final Set<String> categories;
        private final List<Rejection> rejections = new ArrayList<>();
        private long rejected;
        private final Set<String> organisations = new HashSet<>();
        private final Set<String> software = new HashSet<>();
        private final Map<String, Long> organisationReferences = new LinkedHashMap<>();
        private final Map<String, Long> softwareReferences = new LinkedHashMap<>();
        private final Map<String, Integer> flowsPerProcessor = new HashMap<>();

        Check(Set<String> categories) {
            this.categories = categories;
        }

        void line(CsvLines.Line line) {
            if (line.error() != null) {
                reject(line.number(), line.error());
                return;
            }
            if (line.number() == 1) {
                if (!HEADER.equals(line.fields().stream().map(String::strip).toList())) {
                    reject(1, "expected the header row " + String.join(",", HEADER));
                }
                return;
            }
            if (isBlank(line.fields())) {
                return;
            }
            try {
                check(parse(line.fields()), line.number());
            } catch (IllegalArgumentException e) {
                reject(line.number(), e.getMessage());
            }
        }

        private void check(Row row, long line) {
            if (row instanceof OrganisationRow o) {
                if (!organisations.add(o.id())) {
                    throw new IllegalArgumentException("id: organisation '" + o.id() + "' is defined twice");
                }
            } else if (row instanceof FlowRow f) {
                knownCategories(f.categories());
                organisationReferences.putIfAbsent(f.client(), line);
                organisationReferences.putIfAbsent(f.processor(), line);
                flowsPerProcessor.merge(f.processor(), 1, Integer::sum);
            } else if (row instanceof SubProcessingRow s) {
                knownCategories(s.categories());
                organisationReferences.putIfAbsent(s.processor(), line);
                organisationReferences.putIfAbsent(s.subProcessor(), line);
            } else if (row instanceof SoftwareRow s) {
                organisationReferences.putIfAbsent(s.organisation(), line);
                if (s.name() != null) {
                    software.add(s.software());
                } else {
                    softwareReferences.putIfAbsent(s.software(), line);
                }
            }
        }

        private void knownCategories(String[] ids) {
            if (ids != null) {
                for (String id : ids) {
                    if (!categories.contains(id)) {
                        throw new IllegalArgumentException("categories: unknown category '" + id + "'");
                    }
                }
            }
        }

        private void reject(long line, String reason) {
            if (rejected++ < properties.maxReportedRejections()) {
                rejections.add(Rejection.atLine(line, reason));
            }
        }

        Set<String> popularProcessors() {
            Set<String> popular = new HashSet<>();
            flowsPerProcessor.forEach((id, flows) -> {
                if (flows >= InventoryWriter.POPULAR_PROCESSOR_FLOWS) {
                    popular.add(id);
                }
            });
            return popular;
        }

        List<Rejection> finish() {
            dangling("Organisation", "organisation", organisationReferences, organisations);
            dangling("Software", "software", softwareReferences, software);
            rejections.sort(java.util.Comparator.comparing(Rejection::line));
            if (rejected > rejections.size()) {
                rejections.add(Rejection.atObject("file", (rejected - rejections.size()) + " more rejected lines not listed"));
            }
            return rejections;
        }

        private void dangling(String label, String what, Map<String, Long> references, Set<String> defined) {
            List<String> missing = references.keySet().stream().filter(id -> !defined.contains(id)).toList();
            for (int from = 0; from < missing.size(); from += 10_000) {
                List<String> chunk = missing.subList(from, Math.min(missing.size(), from + 10_000));
                Set<String> existing = new HashSet<>(neo4jClient.query("UNWIND $ids AS id MATCH (n:%s {id: id}) RETURN n.id".formatted(label))
                        .bind(chunk).to("ids").fetchAs(String.class).all());
                chunk.stream().filter(id -> !existing.contains(id)).forEach(id -> reject(references.get(id),
                        "dangling reference: " + what + " '" + id + "' is neither in the file nor in the graph"));
            }
        }
    }

    static Map<String, Object> nodeMap(String id, String name) {
        Map<String, Object> map = new HashMap<>();
        map.put("id", id);
        map.put("name", name);
        return map;
    }
}
