package org.exposuregraph.ingest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.exposuregraph.graph.DocumentWriter;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.graph.NativeDocument;
import org.exposuregraph.security.Tlp;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the native JSON format (docs/import-formats.md) into the write model's document and hands it to
 * {@link DocumentWriter}: all or nothing. A document that is not well-formed is rejected where parsing stopped.
 */
@Service
public class NativeImporter implements Importer {

    public static final String FORMAT = "native";

    private final DocumentWriter documents;
    private final JsonMapper json;

    NativeImporter(DocumentWriter documents, JsonMapper json) {
        this.documents = documents;
        // Unknown fields are typos to report; absent flags mean false.
        this.json = json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ImportReport importFile(java.nio.file.Path file, Tlp marking) throws java.io.IOException {
        try (InputStream input = java.nio.file.Files.newInputStream(file)) {
            return importDocument(input, marking);
        }
    }

    public ImportReport importDocument(InputStream input) {
        return importDocument(input, null);
    }

    /** Writes a document already read (the standard taxonomy's missing categories, an inventory's own categories). */
    ImportReport importDocument(NativeDocument document) {
        return documents.importDocument(document, FORMAT, new ArrayList<>(), List.of(), null);
    }

    /** Reads a native document, failing on what {@link #importDocument(InputStream)} would report. */
    NativeDocument read(InputStream input) {
        return json.readValue(input, NativeDocument.class);
    }

    private ImportReport importDocument(InputStream input, Tlp marking) {
        NativeDocument document;
        try {
            document = json.readValue(StrictUtf8.reader(input), NativeDocument.class);
        } catch (java.io.IOException e) {
            return ImportReport.rejected(FORMAT, List.of(new Rejection(1L, null, e.getMessage())), List.of());
        } catch (JacksonException e) {
            if (StrictUtf8.causedByBadBytes(e)) {
                return ImportReport.rejected(FORMAT, List.of(new Rejection(null, null, StrictUtf8.BAD_BYTES)), List.of());
            }
            var location = e.getLocation();
            return ImportReport.rejected(FORMAT, List.of(new Rejection(
                    location == null ? null : (long) location.getLineNr(), jsonPath(e), reason(e))), List.of());
        }
        if (document == null) {
            return ImportReport.rejected(FORMAT, List.of(new Rejection(1L, null, "the document is empty")), List.of());
        }
        List<Rejection> rejections = new ArrayList<>();
        if (document.format() != null && !NativeDocument.FORMAT.equals(document.format())) {
            rejections.add(new Rejection(null, "format", "expected \"" + NativeDocument.FORMAT + "\", was \"" + document.format() + "\""));
        }
        return documents.importDocument(document, FORMAT, rejections, List.of(), marking);
    }

    /**
     * What is wrong, in the document's terms: a value of the wrong shape names the shape expected, never the Java
     * type it would have become (a user writes JSON, not Java).
     */
    private static String reason(JacksonException e) {
        if (e instanceof tools.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            String expected = type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants())
                    : CharSequence.class.isAssignableFrom(type) ? "a string"
                    : Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class ? "a number"
                    : type == Boolean.class || type == boolean.class ? "true or false"
                    : java.util.Collection.class.isAssignableFrom(type) || type.isArray() ? "a list" : "an object";
            return "expected " + expected + " here";
        }
        // Other messages may quote Java types (`java.lang.String`): keep their simple names only.
        return e.getOriginalMessage().replaceAll("`?(?:[a-z][a-z0-9_]*\\.)+([A-Za-z][A-Za-z0-9_$]*)`?", "$1");
    }

    /** Where in the document parsing failed, as {@code organisations[3].kind}. */
    private static String jsonPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }
}
