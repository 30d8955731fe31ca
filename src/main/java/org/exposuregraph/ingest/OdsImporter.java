package org.exposuregraph.ingest;

import org.exposuregraph.graph.DocumentWriter;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.graph.DocumentRules;
import org.exposuregraph.graph.NativeDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.graph.OrganisationKind;
import org.exposuregraph.graph.OrganisationStatus;

/**
 * The NHS Organisation Data Service files in their official headerless layout: {@code epraccur.csv} (GP
 * practices) and {@code etr.csv} (NHS trusts). Each line becomes organisation {@code ods-<code>}; closed
 * organisations are kept with status CLOSED. Translated into a native document, so validation, reference
 * checks and the all-or-nothing write are the native importer's.
 */
abstract sealed class OdsImporter implements Importer permits OdsImporter.GpPractices, OdsImporter.Trusts {

    /** Both official layouts have 27 columns. */
    static final int COLUMNS = 27;
    private static final DateTimeFormatter ODS_DATE = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    /** The columns the organisation's fields come from, for the write rules' rejections. */
    private static final Map<String, Integer> COLUMN_OF = Map.of("odsCode", 1, "name", 2, "icbCode", 4,
            "postcode", 10, "commissionerCode", 15);
    private static final java.util.regex.Pattern ODS_CODE = java.util.regex.Pattern.compile("[A-Z0-9]{3,10}");

    private final DocumentWriter importer;
    private final String format;
    private final OrganisationKind kind;

    OdsImporter(DocumentWriter importer, String format, OrganisationKind kind) {
        this.importer = importer;
        this.format = format;
        this.kind = kind;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public ImportReport importFile(Path file, Tlp marking) throws IOException {
        List<NativeDocument.OrganisationRow> rows = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            CsvLines.read(in, line -> {
                if (line.error() != null) {
                    rejections.add(Rejection.atLine(line.number(), line.error()));
                    return;
                }
                if (line.fields().size() == 1 && line.fields().get(0).isBlank()) {
                    return;
                }
                try {
                    NativeDocument.OrganisationRow row = organisation(line.fields());
                    // The write rules here too (they run again on the document), so a bad value names its line.
                    DocumentRules.organisation(row, (field, reason) -> {
                        throw new IllegalArgumentException("column " + COLUMN_OF.getOrDefault(field, 0) + ": " + reason);
                    });
                    Long first = seen.putIfAbsent(row.odsCode(), line.number());
                    if (first != null) {
                        throw new IllegalArgumentException(org.exposuregraph.graph.WriteRules.repeated(
                                "organisation '" + row.id() + "'", "line " + first, "line " + line.number()));
                    }
                    rows.add(row);
                } catch (IllegalArgumentException e) {
                    rejections.add(Rejection.atLine(line.number(), e.getMessage()));
                }
            });
        }
        NativeDocument document = new NativeDocument(NativeDocument.FORMAT, 1, null, null, rows, null, null, null,
                null, null, null, null, null, null, null);
        return importer.importDocument(document, format, rejections, List.of(), marking);
    }

    private NativeDocument.OrganisationRow organisation(List<String> f) {
        if (f.size() != COLUMNS) {
            throw new IllegalArgumentException("expected " + COLUMNS + " columns (official headerless layout), found " + f.size());
        }
        String code = f.get(0).strip();
        if (!ODS_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("column 1: '" + code + "' is not an ODS organisation code");
        }
        String name = f.get(1).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column 2: the name is empty");
        }
        LocalDate open = date(f.get(10), 11);
        LocalDate close = date(f.get(11), 12);
        OrganisationStatus status = status(f.get(12).strip(), close);
        String commissioner = blankToNull(f.get(14));
        // Column 4, the high-level health geography, is the practice's (or trust's) ICB, e.g. QKK.
        String icb = blankToNull(f.get(3));
        return new NativeDocument.OrganisationRow("ods-" + code.toLowerCase(), name, kind, List.of(), code, null, null,
                blankToNull(f.get(9)), status, open, close, commissioner, icb, false, null, null);
    }

    /** epraccur carries a status code; etr does not, so a close date means closed. */
    private static OrganisationStatus status(String code, LocalDate close) {
        return switch (code) {
            case "A" -> OrganisationStatus.ACTIVE;
            case "C" -> OrganisationStatus.CLOSED;
            case "D" -> OrganisationStatus.DORMANT;
            case "P" -> OrganisationStatus.PROPOSED;
            case "" -> close == null ? OrganisationStatus.ACTIVE : OrganisationStatus.CLOSED;
            default -> throw new IllegalArgumentException("column 13: unknown status code '" + code + "' (A, C, D or P)");
        };
    }

    private static LocalDate date(String text, int column) {
        String value = text.strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value, ODS_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("column " + column + ": '" + value + "' is not a date (YYYYMMDD)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @org.springframework.stereotype.Component
    static final class GpPractices extends OdsImporter {
        GpPractices(DocumentWriter importer) {
            super(importer, "ods-gp-practices", OrganisationKind.GP_PRACTICE);
        }
    }

    @org.springframework.stereotype.Component
    static final class Trusts extends OdsImporter {
        Trusts(DocumentWriter importer) {
            super(importer, "ods-trusts", OrganisationKind.NHS_TRUST);
        }
    }
}
