package org.exposuregraph.graph;

import java.util.List;

import org.exposuregraph.api.FieldError;
import org.exposuregraph.security.Visibility;
import org.springframework.stereotype.Service;

/**
 * Hand edits from GraphQL mutations go through the native importer, like every import: the same
 * validation, reference checks, idempotent keyed writes and dispute marking. Rejections come back as
 * field errors named after the input field ({@code dataFlows[0].processor} becomes {@code processor}).
 */
@Service
public class GraphEdits {

    public static final String FORMAT = "graphql";

    private final DocumentWriter importer;
    private final org.springframework.data.neo4j.core.Neo4jClient neo4jClient;

    GraphEdits(DocumentWriter importer, org.springframework.data.neo4j.core.Neo4jClient neo4jClient) {
        this.importer = importer;
        this.neo4jClient = neo4jClient;
    }

    /**
     * Whether a node or a relationship fact with this id exists and the caller may see it (what a claim may be
     * about): a fact above the caller's clearance is as absent here as everywhere else.
     */
    public boolean factExists(String id) {
        return !Facts.visibleSubjects(neo4jClient, List.of(id), Visibility.writer()).isEmpty();
    }

    /**
     * Writes the document (all or nothing); the errors are empty when it was written. As for every import, a
     * key may neither mark a record above its own TLP clearance nor replace or point at one it is not cleared
     * to see (the importer's {@code ClearanceCheck}). The change record names the write after {@code mutation}.
     */
    public List<FieldError> apply(String mutation, NativeDocument document) {
        ImportReport report = importer.importDocument(document, FORMAT, List.of(), List.of(), null, mutation);
        return report.rejected().stream().map(r -> new FieldError(field(r.object()), r.reason())).toList();
    }

    /** A document holding nothing yet; mutations fill one section. */
    public static NativeDocument.Builder document() {
        return new NativeDocument.Builder();
    }

    static String field(String path) {
        if (path == null) {
            return "input";
        }
        String last = path.substring(path.lastIndexOf(']') + 1);
        if (last.startsWith(".")) {
            last = last.substring(1);
        }
        int dot = last.indexOf('.');
        if (last.isEmpty()) {
            // a violation on a list element, e.g. categories[1]: name the list
            String withoutIndex = path.replaceAll("\\[\\d+]$", "");
            return withoutIndex.substring(withoutIndex.lastIndexOf('.') + 1);
        }
        return dot < 0 ? last : last.substring(0, dot);
    }
}
