package org.exposuregraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;
import org.exposuregraph.database.GraphVersion;
import org.exposuregraph.database.InProcessGraph;
import org.exposuregraph.graph.ClearanceCheck;
import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.GraphUpserts;
import org.exposuregraph.graph.GraphWriter;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.graph.InventoryRows.CategoryRow;
import org.exposuregraph.graph.InventoryRows.FlowRow;
import org.exposuregraph.graph.InventoryRows.OrganisationRow;
import org.exposuregraph.graph.InventoryRows.Row;
import org.exposuregraph.graph.InventoryRows.SoftwareRow;
import org.exposuregraph.graph.InventoryRows.SubProcessingRow;
import org.exposuregraph.graph.InventorySync;
import org.exposuregraph.graph.InventoryWriter;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.graph.UniqueKeys;
import org.exposuregraph.graph.WriteRules;
import org.exposuregraph.graph.WriteRules.Link;
import org.exposuregraph.graph.WriteRules.Text;
import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
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
    static final List<String> HEADER = List.of("type", "id", "name", "kind", "domain", "companyNumber", "from", "to",
            "categories", "people", "records", "purpose", "since", "tlp", "until", "endReason");
    /**
     * Files written before the later columns keep working: the header may stop after {@code since} (13 columns),
     * after {@code tlp} or after {@code until}, and a row may leave off the columns after its last value.
     */
    static final int COLUMNS_WITHOUT_TLP = 13;
    private static final int TLP = 13;
    private static final int UNTIL = 14;
    private static final int END_REASON = 15;
    private static final Logger log = LoggerFactory.getLogger(InventoryImporter.class);
    /** Lines checked are reported to the progress in steps, not one by one (millions of rows). */
    private static final int PROGRESS_EVERY = 1_000;

    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;
    private final ObjectProvider<InProcessGraph> inProcess;
    private final ImportProperties properties;
    private final GraphVersion graphVersion;
    private final InventorySync inventorySync;
    private final NativeImporter nativeImporter;

    InventoryImporter(Neo4jClient neo4jClient, GraphWriter graphWriter, ObjectProvider<InProcessGraph> inProcess,
                      ImportProperties properties, GraphVersion graphVersion, InventorySync inventorySync,
                      NativeImporter nativeImporter) {
        this.inventorySync = inventorySync;
        this.nativeImporter = nativeImporter;
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
    public ImportReport importFile(Path file, Tlp marking) throws IOException {
        return importFile(file, marking, ImportSource.NONE);
    }

    @Override
    public ImportReport importFile(Path file, Tlp marking, ImportSource source) throws IOException {
        return importFile(file, marking, source, new ImportProgress());
    }

    @Override
    public ImportReport importFile(Path file, Tlp marking, ImportSource source, ImportProgress progress) throws IOException {
        progress.phase(ImportProgress.Phase.CHECKING);
        long checkStarted = System.nanoTime();
        Visibility writer = Visibility.writer();
        String markingProblem = ClearanceCheck.markingProblem(writer, marking);
        if (markingProblem != null) {
            return ImportReport.rejected(FORMAT, List.of(Rejection.atObject("tlp", markingProblem)), List.of());
        }
        Check check = new Check(Set.copyOf(neo4jClient.query("MATCH (c:DataCategory) RETURN c.id").fetchAs(String.class).all()));
        check.writer = writer;
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines.read(in, line -> {
                check.line(line);
                if (line.number() % PROGRESS_EVERY == 0) {
                    progress.checked(PROGRESS_EVERY);
                }
            });
        }
        progress.checked(check.lines % PROGRESS_EVERY);
        List<Rejection> rejections = check.finish();
        if (!rejections.isEmpty()) {
            return ImportReport.rejected(FORMAT, rejections, List.of());
        }
        progress.phase(ImportProgress.Phase.WRITING);
        long started = System.nanoTime();
        // The file's own categories first, as the native format writes them: its flows may name them.
        ImportReport categories = check.categoryRows.isEmpty() ? null
                : nativeImporter.importDocument(new NativeDocument(NativeDocument.FORMAT, 1, null, check.categoryRows,
                        null, null, null, null, null, null, null, null, null, null, null));
        if (categories != null && !categories.accepted()) {
            return ImportReport.rejected(FORMAT, categories.rejected(), List.of());
        }
        GraphUpserts.Tally tally;
        try (GraphVersion.BulkWrite bulk = graphVersion.bulkWrite()) {
            tally = write(file, check.keptRows(), check.popularProcessors(), marking, source.name(), progress);
        } finally {
            graphWriter.sequence(); // the batches' change entries, in the order they committed
        }
        log.info("Inventory {}: checked in {} ms; wrote {} created, {} updated, {} unchanged in {} ms",
                file.getFileName(), (started - checkStarted) / 1_000_000, tally.created(), tally.updated(), tally.unchanged(),
                (System.nanoTime() - started) / 1_000_000);
        ImportReport report = new ImportReport(FORMAT, tally.created() + (categories == null ? 0 : categories.created()),
                tally.updated() + (categories == null ? 0 : categories.updated()),
                tally.unchanged() + (categories == null ? 0 : categories.unchanged()), List.of(), List.of());
        if (!source.sync()) {
            return report;
        }
        progress.phase(ImportProgress.Phase.SYNCING);
        // Only after the whole file is written: a sync that failed midway must not have ended what the file still holds.
        List<String> ended = inventorySync.endMissing(source.name(), factsHeld(file), LocalDate.now(ZoneOffset.UTC));
        log.info("Inventory {}: synced source '{}', ended {} facts it no longer holds", file.getFileName(), source.name(),
                ended.size());
        return report.withEnded(ended);
    }

    /** The ids of the relationship facts the (checked) file holds, by relationship type. */
    private static Map<String, Set<String>> factsHeld(Path file) throws IOException {
        Map<String, Set<String>> held = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines.read(in, line -> {
                String type = line.number() > 1 && !isBlank(line.fields()) ? line.fields().get(0).strip() : "";
                if (type.equals("flow") || type.equals("subprocessing") || type.equals("software")) {
                    Row row = parse(line.fields());
                    String relationship = row instanceof FlowRow ? Facts.ENTRUSTS : row instanceof SubProcessingRow ? Facts.SUBPROCESSES_TO
                            : Facts.RUNS;
                    String id = row instanceof FlowRow f ? f.factId() : row instanceof SubProcessingRow s ? s.factId()
                            : ((SoftwareRow) row).factId();
                    held.computeIfAbsent(relationship, k -> new HashSet<>()).add(id);
                }
            });
        }
        return held;
    }

    /**
     * Writes a checked file: what flows point at first, then the flows by the parallel writers, a pass per round,
     * over {@code keptRows} (the check's rows) or, when the check could not keep them all, over the file again.
     */
    private GraphUpserts.Tally write(Path file, List<Row> keptRows, Set<String> popularProcessors, Tlp marking,
                                     String source, ImportProgress progress) throws IOException {
        InventoryWriter writer = new InventoryWriter(neo4jClient, graphWriter, inProcess.getIfAvailable(), properties.batchSize(), properties.writers(),
                properties.keptRows(), disputedFacts(), popularProcessors, marking).assertedBy(source).onCommitted(progress::written);
        pass(file, keptRows, false, row -> {
            writer.acceptReferenced(row);
            return true;
        });
        writer.flushReferenced();
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        boolean moreRounds = true;
        for (int round = 0; moreRounds; round++) {
            if (writer.startFlowRound(round)) {
                // acceptFlow queues the row for its writer; false once the round needs no more
                pass(file, keptRows, true, row -> writer.acceptFlow((FlowRow) row));
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

    /**
     * One pass over the checked file's data flows ({@code flows}) or its other rows, in file order: the rows the check
     * kept, or the file read again when it kept none. Stops when {@code visit} answers false.
     */
    private static void pass(Path file, List<Row> keptRows, boolean flows, Predicate<Row> visit) throws IOException {
        if (keptRows != null) {
            for (Row row : keptRows) {
                if ((row instanceof FlowRow) == flows && !visit.test(row)) {
                    return;
                }
            }
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines.readWhile(in, line -> line.number() == 1 || isBlank(line.fields())
                    || line.fields().get(0).equals("flow") != flows || visit.test(parse(line.fields())));
        }
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

    /** Parses a line whose shape was already checked; throws IllegalArgumentException with the reason otherwise. */
    static Row parse(List<String> f) {
        if (f.size() < COLUMNS_WITHOUT_TLP || f.size() > HEADER.size()) {
            throw new IllegalArgumentException("expected " + COLUMNS_WITHOUT_TLP + " to " + HEADER.size()
                    + " columns, found " + f.size() + " (tlp, until and endReason are optional)");
        }
        Tlp tlp = marking(cell(f, TLP));
        String type = f.get(0).strip();
        String id = optional(f.get(1));
        String idProblem = WriteRules.id(id);
        if (idProblem != null) {
            throw new IllegalArgumentException("id: " + idProblem);
        }
        return switch (type) {
            case "organisation" -> {
                if (id == null) {
                    throw new IllegalArgumentException("id: an organisation needs an id");
                }
                String name = text(required(f.get(2), "name"), "name", Text.NAME);
                OrganisationKind kind;
                try {
                    kind = OrganisationKind.valueOf(required(f.get(3), "kind"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("kind: unknown organisation kind '" + f.get(3).strip() + "'");
                }
                yield new OrganisationRow(id, name, kind, text(optional(f.get(4)), "domain", Text.CODE),
                        text(optional(f.get(5)), "companyNumber", Text.CODE), tlp);
            }
            case "flow" -> {
                Period period = period(f);
                yield new FlowRow(id, reference(f.get(6), "from"), notSelf(Link.DATA_FLOW, f.get(6), f.get(7)),
                        categories(f.get(8), Link.DATA_FLOW), number(f.get(9), "people"), number(f.get(10), "records"),
                        text(optional(f.get(11)), "purpose", Text.PURPOSE), period.since(), period.until(),
                        period.endReason(), tlp);
            }
            case "subprocessing" -> {
                Period period = period(f);
                yield new SubProcessingRow(id, reference(f.get(6), "from"),
                        notSelf(Link.SUB_PROCESSING, f.get(6), f.get(7)), categories(f.get(8), Link.SUB_PROCESSING),
                        text(optional(f.get(11)), "purpose", Text.PURPOSE), period.since(), period.until(),
                        period.endReason(), tlp);
            }
            case "software" -> {
                Period period = period(f);
                yield new SoftwareRow(id, reference(f.get(6), "from"), reference(f.get(7), "to"),
                        text(optional(f.get(2)), "name", Text.NAME), period.since(), period.until(), period.endReason(), tlp);
            }
            case "category" -> category(id, f);
            default -> throw new IllegalArgumentException(
                    "type: unknown record type '" + type + "' (organisation, flow, subprocessing, software or category)");
        };
    }

    /**
     * A data category the file adds: {@code id} and {@code name} required, {@code to} its parent category,
     * {@code kind} its sensitivity 1-5 (required), {@code categories} its flags ({@code special-category},
     * {@code sensitive-population}, {@code ;}-separated), {@code purpose} its description.
     */
    private static CategoryRow category(String id, List<String> f) {
        if (id == null) {
            throw new IllegalArgumentException("id: a category needs an id");
        }
        String name = text(required(f.get(2), "name"), "name", Text.NAME);
        String parent = optional(f.get(7)) == null ? null : reference(f.get(7), "to");
        String level = required(f.get(3), "kind");
        int sensitivity;
        try {
            sensitivity = Integer.parseInt(level);
        } catch (NumberFormatException e) {
            sensitivity = 0;
        }
        if (sensitivity < 1 || sensitivity > 5) {
            throw new IllegalArgumentException("kind: a category's kind is its sensitivity, 1 to 5; found '" + level + "'");
        }
        boolean special = false;
        boolean sensitivePopulation = false;
        for (String flag : f.get(8).split(";")) {
            switch (flag.strip()) {
                case "" -> { }
                case "special-category" -> special = true;
                case "sensitive-population" -> sensitivePopulation = true;
                default -> throw new IllegalArgumentException("categories: unknown category flag '" + flag.strip()
                        + "' (special-category, sensitive-population)");
            }
        }
        return new CategoryRow(id, name, parent, sensitivity, special, sensitivePopulation,
                text(optional(f.get(11)), "purpose", Text.LONG));
    }

    private static Tlp marking(String text) {
        String value = optional(text);
        if (value == null) {
            return null;
        }
        try {
            return Tlp.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tlp: unknown marking '" + value + "' (CLEAR, GREEN, AMBER, AMBER_STRICT or RED)");
        }
    }

    /**
     * The categories cell: ids separated by {@code ;} (empty entries are only separators), checked by the write
     * rules like every format's; null for a sub-processing {@code *}. So an empty cell and a lone {@code ;} are
     * both "no categories", and passing everything on is always said with {@code *}.
     */
    private static String[] categories(String text, Link link) {
        List<String> ids = new ArrayList<>(4);
        for (String part : text.split(";")) {
            String id = part.strip();
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        try {
            List<String> categories = WriteRules.categories(link, ids);
            return categories == null ? null : categories.toArray(new String[0]);
        } catch (WriteRules.Violation e) {
            throw new IllegalArgumentException("categories: " + e.getMessage());
        }
    }

    /** The {@code to} reference of a link, which must not be its {@code from}. */
    private static String notSelf(Link link, String from, String to) {
        String value = reference(to, "to");
        String problem = WriteRules.selfLink(link, from.strip(), value);
        if (problem != null) {
            throw new IllegalArgumentException("to: " + problem);
        }
        return value;
    }

    private static String text(String value, String column, Text kind) {
        String problem = WriteRules.text(kind, value);
        if (problem != null) {
            throw new IllegalArgumentException(column + ": " + problem);
        }
        return value;
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

    /** When a link held: its {@code since}, {@code until} and {@code endReason} cells, checked by the write rules. */
    private record Period(LocalDate since, LocalDate until, String endReason) {
    }

    private static Period period(List<String> f) {
        LocalDate since = date(f.get(12), "since");
        LocalDate until = date(cell(f, UNTIL), "until");
        String endReason = optional(cell(f, END_REASON));
        String problem = WriteRules.period(since, until);
        if (problem != null) {
            throw new IllegalArgumentException("until: " + problem);
        }
        problem = WriteRules.endReason(until, endReason);
        if (problem != null) {
            throw new IllegalArgumentException("endReason: " + problem);
        }
        return new Period(since, until, endReason);
    }

    /** A cell of the optional trailing columns: empty when the row stops before it. */
    private static String cell(List<String> f, int column) {
        return column < f.size() ? f.get(column) : "";
    }

    private static LocalDate date(String text, String column) {
        String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(column + ": '" + value + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static String reference(String text, String column) {
        String value = required(text, column);
        String problem = WriteRules.id(value);
        if (problem != null) {
            throw new IllegalArgumentException(column + ": " + problem);
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
        /** The categories the file adds, and the first line naming each category neither in the graph nor (yet) defined. */
        private final List<NativeDocument.CategoryRow> categoryRows = new ArrayList<>();
        private final Map<String, Long> categoriesDefined = new HashMap<>();
        private final Map<String, Long> categoryReferences = new LinkedHashMap<>();
        private final Map<String, Long> parentReferences = new LinkedHashMap<>();
        private final List<Rejection> rejections = new ArrayList<>();
        private long rejected;
        /** organisation id -> the line defining it */
        private final Map<String, Long> organisations = new HashMap<>();
        /** Each organisation the flows name as a small number, so a flow's pair is one long (millions of flows). */
        private final ObjectIntHashMap<String> organisationNumbers = new ObjectIntHashMap<>();
        /** The organisation ids by their number: the one instance of each that the kept flows share. */
        private final List<String> organisationIds = new ArrayList<>();
        /** client and processor numbers -> the line of the flow between them */
        private final LongLongHashMap flowPairs = new LongLongHashMap();
        /** "from to" -> line, for sub-processing and software use (few rows) */
        private final Map<String, Long> subProcessingPairs = new HashMap<>();
        private final Map<String, Long> softwarePairs = new HashMap<>();
        /** ids given in the id column of links -> line */
        private final Map<String, Long> factIds = new HashMap<>();
        /** "property value" of the unique organisation properties -> line; per property, value -> organisation id */
        private final Map<String, Long> uniqueValues = new HashMap<>();
        private final Map<String, Map<String, String>> uniqueOwners = new LinkedHashMap<>();
        private final Set<String> software = new HashSet<>();
        private final Map<String, Long> organisationReferences = new LinkedHashMap<>();
        private final Map<String, Long> softwareReferences = new LinkedHashMap<>();
        private final Map<String, Integer> flowsPerProcessor = new HashMap<>();
        private Visibility writer = Visibility.EVERYTHING;
        private final InventoryClearance clearance = new InventoryClearance();

        Check(Set<String> categories) {
            this.categories = categories;
        }

        /** Lines read, the header included. */
        private long lines;
        /** The rows checked, for the writers to take without reading the file again; null once too many to keep. */
        private List<Row> keptRows = new ArrayList<>();
        private final long maxKeptRows = properties.keptRows();
        /** One instance of each other value the kept flows repeat (purposes, dates, category lists). */
        private final Map<Object, Object> shared = new HashMap<>();

        void line(CsvLines.Line line) {
            lines = line.number();
            if (line.error() != null) {
                reject(line.number(), line.error());
                return;
            }
            if (line.number() == 1) {
                List<String> header = line.fields().stream().map(String::strip).toList();
                if (header.size() < COLUMNS_WITHOUT_TLP || !HEADER.subList(0, Math.min(header.size(), HEADER.size())).equals(header)) {
                    reject(1, "expected the header row " + String.join(",", HEADER));
                }
                return;
            }
            if (isBlank(line.fields())) {
                return;
            }
            try {
                Row row = parse(line.fields());
                check(row, line.number());
                clearance.check(row, line.number());
                keep(row);
            } catch (IllegalArgumentException e) {
                reject(line.number(), e.getMessage());
            }
        }

        private void check(Row row, long line) {
            if (row instanceof CategoryRow c) {
                once(categoriesDefined, c.id(), "category '" + c.id() + "'", line);
                if (c.parent() != null && !categories.contains(c.parent())) {
                    parentReferences.putIfAbsent(c.parent(), line);
                }
                categoryRows.add(new NativeDocument.CategoryRow(c.id(), c.name(), c.description(), c.parent(),
                        c.specialCategory(), c.sensitivePopulation(), c.sensitivity()));
            } else if (row instanceof OrganisationRow o) {
                once(organisations, o.id(), "organisation '" + o.id() + "'", line);
                UniqueKeys.of(null, o.companyNumber(), o.domain()).forEach((property, value) -> {
                    once(uniqueValues, property + " " + value, property + " '" + value + "'", line);
                    uniqueOwners.computeIfAbsent(property, p -> new HashMap<>()).put(value, o.id());
                });
            } else if (row instanceof FlowRow f) {
                knownCategories(f.categories(), line);
                long pair = (long) number(f.client()) << 32 | number(f.processor());
                long first = flowPairs.getIfAbsentPut(pair, line);
                if (first != line) {
                    throw new IllegalArgumentException(WriteRules.repeated(Link.DATA_FLOW.between(f.client(), f.processor()),
                            "line " + first, "line " + line));
                }
                factId(f.id(), line);
                organisationReferences.putIfAbsent(f.client(), line);
                organisationReferences.putIfAbsent(f.processor(), line);
                flowsPerProcessor.merge(f.processor(), 1, Integer::sum);
            } else if (row instanceof SubProcessingRow s) {
                knownCategories(s.categories(), line);
                once(subProcessingPairs, s.processor() + " " + s.subProcessor(),
                        Link.SUB_PROCESSING.between(s.processor(), s.subProcessor()), line);
                factId(s.id(), line);
                organisationReferences.putIfAbsent(s.processor(), line);
                organisationReferences.putIfAbsent(s.subProcessor(), line);
            } else if (row instanceof SoftwareRow s) {
                once(softwarePairs, s.organisation() + " " + s.software(),
                        Link.SOFTWARE_USE.between(s.organisation(), s.software()), line);
                factId(s.id(), line);
                organisationReferences.putIfAbsent(s.organisation(), line);
                if (s.name() != null) {
                    software.add(s.software());
                } else {
                    softwareReferences.putIfAbsent(s.software(), line);
                }
            }
        }

        /** Rejects the second line giving the same thing, citing both lines. */
        private void once(Map<String, Long> seen, String key, String what, long line) {
            Long first = seen.putIfAbsent(key, line);
            if (first != null) {
                throw new IllegalArgumentException(WriteRules.repeated(what, "line " + first, "line " + line));
            }
        }

        private void factId(String id, long line) {
            if (id != null) {
                once(factIds, id, "fact id '" + id + "'", line);
            }
        }

        /**
         * Keeps a checked row for the writers, a flow with its repeated values shared (ImportProperties#keptRows):
         * reading and parsing the file again was a tenth of the processor time of writing the flows.
         */
        private void keep(Row row) {
            if (keptRows == null || row instanceof CategoryRow) {
                return;
            }
            if (keptRows.size() >= maxKeptRows) {
                keptRows = null;
                return;
            }
            keptRows.add(row instanceof FlowRow f
                    ? new FlowRow(f.id(), organisationIds.get(organisationNumbers.get(f.client())),
                            organisationIds.get(organisationNumbers.get(f.processor())), sharedCategories(f.categories()),
                            f.people(), f.records(), shared(f.purpose()), shared(f.since()), shared(f.until()),
                            shared(f.endReason()), f.tlp())
                    : row);
        }

        @SuppressWarnings("unchecked")
        private <T> T shared(T value) {
            return value == null ? null : (T) shared.computeIfAbsent(value, v -> v);
        }

        private String[] sharedCategories(String[] categories) {
            return categories == null ? null : (String[]) shared.computeIfAbsent(List.of(categories), k -> categories);
        }

        /** The checked rows in file order but the categories, or null when the file had more than could be kept. */
        List<Row> keptRows() {
            return keptRows;
        }

        private int number(String organisation) {
            int next = organisationIds.size();
            int number = organisationNumbers.getIfAbsentPut(organisation, next);
            if (number == next) {
                organisationIds.add(organisation);
            }
            return number;
        }

        /** Categories must be in the graph or defined anywhere in the file: resolved at the end, by {@link #finish}. */
        private void knownCategories(String[] ids, long line) {
            if (ids != null) {
                for (String id : ids) {
                    if (!categories.contains(id)) {
                        categoryReferences.putIfAbsent(id, line);
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
            categoryReferences.forEach((id, line) -> {
                if (!categoriesDefined.containsKey(id)) {
                    reject(line, "categories: unknown category '" + id + "'");
                }
            });
            parentReferences.forEach((id, line) -> {
                if (!categoriesDefined.containsKey(id)) {
                    reject(line, "to: unknown parent category '" + id + "'");
                }
            });
            dangling("Organisation", "organisation", organisationReferences, organisations.keySet());
            dangling("Software", "software", softwareReferences, software);
            clearance.finish();
            uniqueOwners.forEach((property, owners) -> UniqueKeys.takenInGraph(neo4jClient, property, owners)
                    .forEach(value -> reject(uniqueValues.get(property + " " + value),
                            property + ": " + WriteRules.taken(property, value))));
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
                // Only what the writer sees: a hidden organisation is answered exactly like a missing one.
                Set<String> existing = new HashSet<>(neo4jClient.query("UNWIND $ids AS id MATCH (n:%s {id: id}) WHERE %s RETURN n.id"
                                .formatted(label, Visibility.visible("n")))
                        .bind(chunk).to("ids").bind(writer.levels()).to(Visibility.PARAMETER).fetchAs(String.class).all());
                chunk.stream().filter(id -> !existing.contains(id)).forEach(id -> reject(references.get(id),
                        "dangling reference: " + what + " '" + id + "' is neither in the file nor in the graph"));
            }
        }

        /**
         * The clearance check of every import, for this file: markings within the writer's clearance, and no
         * overwrite of an organisation, software or link the writer cannot see (refused with the one neutral
         * answer, {@link ClearanceCheck#cannotWrite}). Nothing is collected for the operator, who sees everything.
         */
        private final class InventoryClearance {
            private final Map<String, Long> organisationsWritten = new LinkedHashMap<>();
            private final Map<String, Long> softwareWritten = new LinkedHashMap<>();
            /** "FromLabel|TYPE|ToLabel" -> "from|to" -> the line writing the link and the row's id for it */
            private final Map<String, Map<String, LinkAt>> links = new LinkedHashMap<>();

            private record LinkAt(long line, String id) {
            }

            void check(Row row, long line) {
                String problem = ClearanceCheck.markingProblem(writer, row.tlp());
                if (problem != null) {
                    throw new IllegalArgumentException("tlp: " + problem);
                }
                if (writer.seesEverything()) {
                    return;
                }
                if (row instanceof OrganisationRow o) {
                    organisationsWritten.putIfAbsent(o.id(), line);
                } else if (row instanceof FlowRow f) {
                    link(ClearanceCheck.linkKey(Facts.ORGANISATION, Facts.ENTRUSTS, Facts.ORGANISATION), f.client(), f.processor(), f.factId(), line);
                } else if (row instanceof SubProcessingRow s) {
                    link(ClearanceCheck.linkKey(Facts.ORGANISATION, Facts.SUBPROCESSES_TO, Facts.ORGANISATION), s.processor(), s.subProcessor(), s.factId(), line);
                } else if (row instanceof SoftwareRow s) {
                    if (s.name() != null) {
                        softwareWritten.putIfAbsent(s.software(), line);
                    }
                    link(ClearanceCheck.linkKey(Facts.ORGANISATION, Facts.RUNS, Facts.SOFTWARE), s.organisation(), s.software(), s.factId(), line);
                }
            }

            private void link(String key, String from, String to, String id, long line) {
                links.computeIfAbsent(key, k -> new LinkedHashMap<>()).putIfAbsent(ClearanceCheck.pair(from, to),
                        new LinkAt(line, id));
            }

            void finish() {
                ClearanceCheck.hiddenRecords(neo4jClient, writer, Facts.ORGANISATION, organisationsWritten.keySet())
                        .forEach(id -> reject(organisationsWritten.get(id), "id: " + ClearanceCheck.cannotWrite(id)));
                ClearanceCheck.hiddenRecords(neo4jClient, writer, Facts.SOFTWARE, softwareWritten.keySet())
                        .forEach(id -> reject(softwareWritten.get(id), "id: " + ClearanceCheck.cannotWrite(id)));
                links.forEach((key, where) -> ClearanceCheck.hiddenLinks(neo4jClient, writer, key, where.keySet())
                        .forEach(pair -> reject(where.get(pair).line(), "id: " + ClearanceCheck.cannotWrite(where.get(pair).id()))));
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
