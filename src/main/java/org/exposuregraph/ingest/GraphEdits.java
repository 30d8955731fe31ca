package org.exposuregraph.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.exposuregraph.api.FieldError;
import org.exposuregraph.security.Tlp;
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

    private final NativeImporter importer;
    private final org.springframework.data.neo4j.core.Neo4jClient neo4jClient;

    GraphEdits(NativeImporter importer, org.springframework.data.neo4j.core.Neo4jClient neo4jClient) {
        this.importer = importer;
        this.neo4jClient = neo4jClient;
    }

    /** Whether a node or a relationship fact with this id exists (what a claim may be about). */
    public boolean factExists(String id) {
        // One indexed look-up per label and relationship type.
        return neo4jClient.query("RETURN " + String.join(" OR ", List.of(
                        "EXISTS { MATCH (:Organisation {id: $id}) }",
                        "EXISTS { MATCH (:Incident {id: $id}) }",
                        "EXISTS { MATCH (:ThreatActor {id: $id}) }",
                        "EXISTS { MATCH (:Vulnerability {id: $id}) }",
                        "EXISTS { MATCH (:Software {id: $id}) }",
                        "EXISTS { MATCH (:DataCategory {id: $id}) }",
                        "EXISTS { MATCH (:Source {id: $id}) }",
                        "EXISTS { MATCH ()-[:ENTRUSTS {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:SUBPROCESSES_TO {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:RUNS {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:ATTRIBUTED_TO {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:BREACHED {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:AFFECTED {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:LEAKED {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:EXPLOITED {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:EXPLOITS {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:USES {id: $id}]->() }",
                        "EXISTS { MATCH ()-[:RELATED_TO {id: $id}]->() }")) + " AS found")
                .bind(id).to("id").fetchAs(Boolean.class).one().orElse(false);
    }

    /**
     * Writes the document (all or nothing); the errors are empty when it was written. A key may neither mark a
     * record above its own TLP clearance nor replace or point at one it is not cleared to see.
     */
    public List<FieldError> apply(NativeDocument document) {
        List<FieldError> refused = beyondClearance(document, Visibility.current());
        if (!refused.isEmpty()) {
            return refused;
        }
        ImportReport report = importer.importDocument(document, FORMAT, List.of(), List.of());
        return report.rejected().stream().map(r -> new FieldError(field(r.object()), r.reason())).toList();
    }

    private List<FieldError> beyondClearance(NativeDocument doc, Visibility visibility) {
        List<Tlp> markings = new ArrayList<>();
        doc.sources().forEach(r -> markings.add(r.tlp()));
        doc.organisations().forEach(r -> markings.add(r.tlp()));
        doc.dataFlows().forEach(r -> markings.add(r.tlp()));
        doc.subProcessing().forEach(r -> markings.add(r.tlp()));
        doc.claims().forEach(r -> markings.add(r.tlp()));
        doc.incidents().forEach(r -> {
            markings.add(r.tlp());
            Stream.of(r.breached(), r.affected(), r.attributedTo(), r.leaked(), r.exploited())
                    .flatMap(List::stream).forEach(link -> markings.add(link.tlp()));
        });
        Tlp clearance = visibility.clearance();
        Optional<Tlp> tooHigh = markings.stream().filter(t -> !visibility.sees(t)).findFirst();
        if (tooHigh.isPresent()) {
            return List.of(new FieldError("tlp", "This key is cleared to " + clearance + ": it cannot mark a record "
                    + tooHigh.get()));
        }
        // Records this key cannot see count as absent to it, but may not be replaced or pointed at either.
        Map<String, Map<String, String>> references = new LinkedHashMap<>(); // label -> id -> input field
        doc.sources().forEach(r -> reference(references, "Source", r.id(), "id"));
        doc.organisations().forEach(r -> reference(references, "Organisation", r.id(), "id"));
        doc.claims().forEach(r -> reference(references, "Claim", r.id(), "id"));
        doc.dataFlows().forEach(r -> {
            reference(references, "Organisation", r.client(), "client");
            reference(references, "Organisation", r.processor(), "processor");
        });
        doc.subProcessing().forEach(r -> {
            reference(references, "Organisation", r.processor(), "processor");
            reference(references, "Organisation", r.subProcessor(), "subProcessor");
        });
        doc.incidents().forEach(r -> {
            reference(references, "Incident", r.id(), "id");
            Stream.of(r.breached(), r.affected()).flatMap(List::stream)
                    .forEach(link -> reference(references, "Organisation", link.target(), "target"));
            r.attributedTo().forEach(link -> reference(references, "ThreatActor", link.target(), "target"));
        });
        List<FieldError> errors = new ArrayList<>();
        references.forEach((label, ids) -> neo4jClient.query(
                        "UNWIND $ids AS id MATCH (n:%s {id: id}) WHERE NOT %s RETURN id".formatted(label, Visibility.visible("n")))
                .bind(List.copyOf(ids.keySet())).to("ids").bind(visibility.levels()).to(Visibility.PARAMETER)
                .fetchAs(String.class).all()
                .forEach(id -> errors.add(new FieldError(ids.get(id), "'" + id + "' is marked above this key's clearance ("
                        + clearance + "): it cannot be changed or referred to with this key"))));
        doc.dataFlows().forEach(r -> hiddenLink("ENTRUSTS", r.client(), r.processor(), visibility, errors));
        doc.subProcessing().forEach(r -> hiddenLink("SUBPROCESSES_TO", r.processor(), r.subProcessor(), visibility, errors));
        return errors;
    }

    private static void reference(Map<String, Map<String, String>> references, String label, String id, String field) {
        if (id != null) {
            references.computeIfAbsent(label, k -> new LinkedHashMap<>()).putIfAbsent(id, field);
        }
    }

    /** {@code type} is one of two fixed relationship types, never input. */
    private void hiddenLink(String type, String from, String to, Visibility visibility, List<FieldError> errors) {
        boolean hidden = neo4jClient.query("""
                        MATCH (:Organisation {id: $from})-[r:%s]->(:Organisation {id: $to}) WHERE NOT %s RETURN count(r) > 0
                        """.formatted(type, Visibility.visible("r")))
                .bind(from).to("from").bind(to).to("to").bind(visibility.levels()).to(Visibility.PARAMETER)
                .fetchAs(Boolean.class).one().orElse(false);
        if (hidden) {
            errors.add(new FieldError("id", "The link from '" + from + "' to '" + to + "' is marked above this key's clearance ("
                    + visibility.clearance() + "): it cannot be changed with this key"));
        }
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
