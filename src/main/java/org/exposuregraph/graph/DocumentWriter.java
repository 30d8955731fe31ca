package org.exposuregraph.graph;

import static org.exposuregraph.graph.GraphUpserts.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.graph.NativeDocument.ClaimRow;
import org.exposuregraph.graph.NativeDocument.FactRow;
import org.exposuregraph.graph.NativeDocument.IncidentRow;
import org.exposuregraph.graph.NativeDocument.LinkRow;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * Writes a document of graph records (the write model; the native JSON format is its serialised form), all or
 * nothing: every row is validated by the write rules, cleared for the writer and every reference resolved (in the
 * document or the visible graph) before anything is written, in the write's own transaction through
 * {@link GraphWriter}. Every format but the bulk inventory, and every hand edit, writes through here.
 * Re-writing the same document reports everything unchanged and records no change.
 */
@Service
public class DocumentWriter {

    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;
    private final Validator validator;

    DocumentWriter(Neo4jClient neo4jClient, GraphWriter graphWriter, Validator validator) {
        this.neo4jClient = neo4jClient;
        this.graphWriter = graphWriter;
        this.validator = validator;
    }

    /**
     * Validates and writes a document another format was translated into, all or nothing: with any
     * rejection (the translator's own, by line, or found here) nothing is written. Every record is marked at
     * least {@code marking} (null: as the document says).
     */
    public ImportReport importDocument(NativeDocument document, String format, List<Rejection> earlier,
                                       List<Rejection> skipped, Tlp marking) {
        return importDocument(document, format, earlier, skipped, marking, "import:" + format);
    }

    /**
     * As above, recorded in the change record as {@code operation}. The checks that read the graph run in the
     * write's own transaction, so what they found still holds when it writes (and again on a retry).
     */
    public ImportReport importDocument(NativeDocument document, String format, List<Rejection> earlier,
                                       List<Rejection> skipped, Tlp marking, String operation) {
        List<Rejection> invalid = new ArrayList<>(earlier);
        for (ConstraintViolation<NativeDocument> violation : validator.validate(document)) {
            invalid.add(new Rejection(null, violation.getPropertyPath().toString(), violation.getMessage()));
        }
        // The write model's rules (graph.WriteRules), the same in every format; what is written is their
        // normalised document (categories deduplicated, a sub-processing ["*"] as absent).
        DocumentRules.Result rules = DocumentRules.check(document);
        invalid.addAll(rules.rejections());
        NativeDocument checked = rules.document();
        if (!invalid.isEmpty()) {
            return rejected(format, invalid, skipped);
        }
        Visibility writer = Visibility.writer();
        return graphWriter.write(operation, changes -> {
            List<Rejection> rejections = new ArrayList<>(ClearanceCheck.of(checked, marking, neo4jClient));
            if (rejections.isEmpty()) {
                rejections.addAll(new ReferenceCheck(checked, writer).unresolved());
            }
            if (rejections.isEmpty()) {
                rejections.addAll(takenUniqueValues(checked));
            }
            if (!rejections.isEmpty()) {
                return rejected(format, rejections, skipped);
            }
            GraphUpserts.Tally tally = new GraphUpserts.Tally();
            write(checked, new GraphUpserts(neo4jClient, tally, changes, marking), disputedInGraph(), writer);
            return new ImportReport(format, tally.created, tally.updated, tally.unchanged, List.of(), skipped);
        });
    }

    private static ImportReport rejected(String format, List<Rejection> rejections, List<Rejection> skipped) {
        List<Rejection> sorted = new ArrayList<>(rejections);
        sorted.sort(java.util.Comparator.comparing((Rejection r) -> r.line() == null ? Long.MAX_VALUE : r.line())
                .thenComparing(r -> String.valueOf(r.object())));
        return ImportReport.rejected(format, sorted, skipped);
    }

    /** Unique organisation values another organisation holds: refused here, not by the constraint mid-write. */
    private List<Rejection> takenUniqueValues(NativeDocument doc) {
        Map<String, Map<String, String>> owners = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        for (int i = 0; i < doc.organisations().size(); i++) {
            NativeDocument.OrganisationRow o = doc.organisations().get(i);
            String at = "organisations[" + i + "].";
            UniqueKeys.of(o.odsCode(), o.companyNumber(), o.domain()).forEach((property, value) -> {
                owners.computeIfAbsent(property, p -> new LinkedHashMap<>()).put(value, o.id());
                paths.put(property + " " + value, at + property);
            });
        }
        List<Rejection> rejections = new ArrayList<>();
        owners.forEach((property, values) -> UniqueKeys.takenInGraph(neo4jClient, property, values).forEach(value ->
                rejections.add(Rejection.atObject(paths.get(property + " " + value), WriteRules.taken(property, value)))));
        return rejections;
    }

    /** Facts already named by a DISPUTES claim stay disputed when a document rewrites them. */
    private Set<String> disputedInGraph() {
        return new HashSet<>(neo4jClient.query("MATCH (c:Claim {stance: 'DISPUTES'}) RETURN DISTINCT c.subjectId")
                .fetchAs(String.class).all());
    }

    private static void write(NativeDocument doc, GraphUpserts upserts, Set<String> disputedBefore, Visibility writer) {
        Set<String> disputed = new HashSet<>(disputedBefore);
        doc.claims().stream().filter(ClaimRow::disputes).forEach(claim -> disputed.add(claim.subject()));

        upserts.nodes(Facts.SOURCE, map(doc.sources(), NativeDocument.SourceRow::properties));
        upserts.nodes(Facts.DATA_CATEGORY, map(doc.dataCategories(), NativeDocument.CategoryRow::properties));
        upserts.relationships(Facts.DATA_CATEGORY, Facts.SUBCATEGORY_OF, Facts.DATA_CATEGORY, doc.dataCategories().stream()
                .filter(c -> c.parent() != null).map(c -> link(c.id(), c.parent(), Map.of())).toList());
        upserts.nodes(Facts.ORGANISATION, map(doc.organisations(), NativeDocument.OrganisationRow::properties));
        upserts.nodes(Facts.SOFTWARE, map(doc.software(), NativeDocument.SoftwareRow::properties));
        upserts.nodes(Facts.VULNERABILITY, map(doc.vulnerabilities(), NativeDocument.VulnerabilityRow::properties));
        upserts.relationships(Facts.VULNERABILITY, Facts.AFFECTS, Facts.SOFTWARE, doc.vulnerabilities().stream()
                .flatMap(v -> v.affects().stream().map(s -> link(v.id(), s, Map.of()))).toList());
        upserts.nodes(Facts.THREAT_ACTOR, map(doc.threatActors(), NativeDocument.ActorRow::properties));
        for (NativeDocument.ActorRelationType type : NativeDocument.ActorRelationType.values()) {
            upserts.relationships(Facts.THREAT_ACTOR, type.name(), Facts.THREAT_ACTOR, doc.actorRelations().stream()
                    .filter(r -> r.type() == type)
                    .map(r -> link(r.from(), r.to(), fact(r, r.factId(), disputed))).toList());
        }
        upserts.relationships(Facts.THREAT_ACTOR, Facts.EXPLOITS, Facts.VULNERABILITY, doc.exploits().stream()
                .map(e -> link(e.actor(), e.vulnerability(), fact(e, e.factId(), disputed))).toList());
        upserts.relationships(Facts.ORGANISATION, Facts.ENTRUSTS, Facts.ORGANISATION, doc.dataFlows().stream()
                .map(f -> {
                    Map<String, Object> props = fact(f, f.factId(), disputed);
                    props.putAll(NativeDocument.props("categories", f.categories(), "people", f.people(),
                            "records", f.records(), "purpose", f.purpose(), "since", f.since(), "until", f.until(),
                            "endReason", f.endReason()));
                    return link(f.client(), f.processor(), props);
                }).toList());
        upserts.relationships(Facts.ORGANISATION, Facts.SUBPROCESSES_TO, Facts.ORGANISATION, doc.subProcessing().stream()
                .map(s -> {
                    Map<String, Object> props = fact(s, s.factId(), disputed);
                    props.putAll(NativeDocument.props("categories", s.categories(), "purpose", s.purpose(),
                            "since", s.since(), "until", s.until(), "endReason", s.endReason()));
                    return link(s.processor(), s.subProcessor(), props);
                }).toList());
        upserts.relationships(Facts.ORGANISATION, Facts.RUNS, Facts.SOFTWARE, doc.softwareUse().stream()
                .map(u -> {
                    Map<String, Object> props = fact(u, u.factId(), disputed);
                    props.putAll(NativeDocument.props("since", u.since(), "until", u.until(), "endReason", u.endReason()));
                    return link(u.organisation(), u.software(), props);
                }).toList());
        upserts.nodes(Facts.INCIDENT, doc.incidents().stream().map(i -> i.properties(disputed.contains(i.id()))).toList());
        for (IncidentLinkType type : IncidentLinkType.values()) {
            upserts.relationships(Facts.INCIDENT, type.name(), type.targetLabel, doc.incidents().stream()
                    .flatMap(i -> type.links.apply(i).stream().map(l -> link(i.id(), l.target(),
                            fact(l, type.derivedId(i.id(), l.target()), disputed))))
                    .toList());
        }
        upserts.nodes(Facts.CLAIM, map(doc.claims(), ClaimRow::properties));
        // A DISPUTES claim added on its own marks a fact that was written earlier.
        upserts.markDisputed(doc.claims().stream().filter(ClaimRow::disputes).map(ClaimRow::subject).distinct().toList(),
                writer);
    }

    private static Map<String, Object> fact(FactRow row, String derivedId, Set<String> disputed) {
        String id = row.id() == null ? derivedId : row.id();
        return new LinkedHashMap<>(row.factProperties(derivedId, disputed.contains(id)));
    }

    private static <T> List<Map<String, Object>> map(List<T> rows, Function<T, Map<String, Object>> properties) {
        return rows.stream().map(properties).toList();
    }

    /** The links an incident row carries, by relationship type and target label. */
    enum IncidentLinkType {
        BREACHED(Facts.ORGANISATION, "breached", IncidentRow::breached),
        LEAKED(Facts.DATA_CATEGORY, "leaked", IncidentRow::leaked),
        AFFECTED(Facts.ORGANISATION, "affected", IncidentRow::affected),
        ATTRIBUTED_TO(Facts.THREAT_ACTOR, "attributedTo", IncidentRow::attributedTo),
        EXPLOITED(Facts.VULNERABILITY, "exploited", IncidentRow::exploited);

        final String targetLabel;
        /** The incident row's field holding these links. */
        final String field;
        final Function<IncidentRow, List<LinkRow>> links;

        IncidentLinkType(String targetLabel, String field, Function<IncidentRow, List<LinkRow>> links) {
            this.targetLabel = targetLabel;
            this.field = field;
            this.links = links;
        }

        /** The link's fact id when the row gives none. */
        String derivedId(String incident, String target) {
            return Facts.incidentLinkId(incident, name(), target);
        }
    }

    /**
     * Every id the document refers to must be defined in it or already be in the graph, visible to the writer: a
     * record the writer cannot see is answered exactly like a missing one. A claim's subject likewise.
     */
    private final class ReferenceCheck {
        private static final String FACT = "fact";
        private final Visibility writer;
        private final Map<String, Set<String>> defined = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> referenced = new LinkedHashMap<>();

        ReferenceCheck(NativeDocument doc, Visibility writer) {
            this.writer = writer;
            define(Facts.SOURCE, doc.sources().stream().map(NativeDocument.SourceRow::id));
            define(Facts.DATA_CATEGORY, doc.dataCategories().stream().map(NativeDocument.CategoryRow::id));
            define(Facts.ORGANISATION, doc.organisations().stream().map(NativeDocument.OrganisationRow::id));
            define(Facts.SOFTWARE, doc.software().stream().map(NativeDocument.SoftwareRow::id));
            define(Facts.VULNERABILITY, doc.vulnerabilities().stream().map(NativeDocument.VulnerabilityRow::id));
            define(Facts.THREAT_ACTOR, doc.threatActors().stream().map(NativeDocument.ActorRow::id));
            // What a claim in the document may be about: every node and fact it writes.
            define(FACT, defined.values().stream().flatMap(Set::stream).toList().stream());
            define(FACT, doc.incidents().stream().map(IncidentRow::id));
            define(FACT, doc.actorRelations().stream().map(NativeDocument.ActorRelationRow::factId));
            define(FACT, doc.exploits().stream().map(NativeDocument.ExploitRow::factId));
            define(FACT, doc.dataFlows().stream().map(NativeDocument.DataFlowRow::factId));
            define(FACT, doc.subProcessing().stream().map(NativeDocument.SubProcessingRow::factId));
            define(FACT, doc.softwareUse().stream().map(NativeDocument.SoftwareUseRow::factId));
            for (IncidentLinkType type : IncidentLinkType.values()) {
                define(FACT, doc.incidents().stream().flatMap(i -> type.links.apply(i).stream()
                        .map(l -> l.id() != null ? l.id() : type.derivedId(i.id(), l.target()))));
            }

            forEach(doc.dataCategories(), "dataCategories", (c, at) -> refer(Facts.DATA_CATEGORY, c.parent(), at + ".parent"));
            forEach(doc.vulnerabilities(), "vulnerabilities", (v, at) -> v.affects().forEach(s -> refer(Facts.SOFTWARE, s, at + ".affects")));
            forEach(doc.actorRelations(), "actorRelations", (r, at) -> {
                refer(Facts.THREAT_ACTOR, r.from(), at + ".from");
                refer(Facts.THREAT_ACTOR, r.to(), at + ".to");
                sources(r, at);
            });
            forEach(doc.exploits(), "exploits", (e, at) -> {
                refer(Facts.THREAT_ACTOR, e.actor(), at + ".actor");
                refer(Facts.VULNERABILITY, e.vulnerability(), at + ".vulnerability");
                sources(e, at);
            });
            forEach(doc.dataFlows(), "dataFlows", (f, at) -> {
                refer(Facts.ORGANISATION, f.client(), at + ".client");
                refer(Facts.ORGANISATION, f.processor(), at + ".processor");
                f.categories().forEach(c -> refer(Facts.DATA_CATEGORY, c, at + ".categories"));
                sources(f, at);
            });
            forEach(doc.subProcessing(), "subProcessing", (s, at) -> {
                refer(Facts.ORGANISATION, s.processor(), at + ".processor");
                refer(Facts.ORGANISATION, s.subProcessor(), at + ".subProcessor");
                if (s.categories() != null) {
                    s.categories().forEach(c -> refer(Facts.DATA_CATEGORY, c, at + ".categories"));
                }
                sources(s, at);
            });
            forEach(doc.softwareUse(), "softwareUse", (u, at) -> {
                refer(Facts.ORGANISATION, u.organisation(), at + ".organisation");
                refer(Facts.SOFTWARE, u.software(), at + ".software");
                sources(u, at);
            });
            forEach(doc.incidents(), "incidents", (i, at) -> {
                (i.sourceIds() == null ? List.<String>of() : i.sourceIds()).forEach(s -> refer(Facts.SOURCE, s, at + ".sourceIds"));
                for (IncidentLinkType type : IncidentLinkType.values()) {
                    forEach(type.links.apply(i), at + "." + type.field, (l, linkAt) -> {
                        refer(type.targetLabel, l.target(), linkAt + ".target");
                        sources(l, linkAt);
                    });
                }
            });
            forEach(doc.claims(), "claims", (c, at) -> {
                refer(FACT, c.subject(), at + ".subject");
                (c.sourceIds() == null ? List.<String>of() : c.sourceIds()).forEach(s -> refer(Facts.SOURCE, s, at + ".sourceIds"));
            });
        }

        List<Rejection> unresolved() {
            List<Rejection> rejections = new ArrayList<>();
            referenced.forEach((label, references) -> {
                Set<String> missing = new LinkedHashSet<>(references.keySet());
                missing.removeAll(defined.getOrDefault(label, Set.of()));
                missing.removeAll(existing(label, missing));
                missing.forEach(id -> rejections.add(new Rejection(null, references.get(id),
                        "refers to " + label + " '" + id + "', which is neither in the document nor in the graph")));
            });
            return rejections;
        }

        private Collection<String> existing(String label, Collection<String> ids) {
            if (ids.isEmpty()) {
                return List.of();
            }
            if (label.equals(FACT)) {
                return Facts.visibleSubjects(neo4jClient, ids, writer);
            }
            return neo4jClient.query("UNWIND $ids AS id MATCH (n:%s {id: id}) WHERE %s RETURN n.id"
                            .formatted(label, Visibility.visible("n")))
                    .bind(List.copyOf(ids)).to("ids").bind(writer.levels()).to(Visibility.PARAMETER)
                    .fetchAs(String.class).all();
        }

        private void define(String label, Stream<String> ids) {
            ids.forEach(id -> defined.computeIfAbsent(label, l -> new HashSet<>()).add(id));
        }

        private void refer(String label, String id, String at) {
            if (id != null) {
                referenced.computeIfAbsent(label, l -> new LinkedHashMap<>()).putIfAbsent(id, at);
            }
        }

        private void sources(FactRow row, String at) {
            if (row.sourceIds() != null) {
                row.sourceIds().forEach(s -> refer(Facts.SOURCE, s, at + ".sourceIds"));
            }
        }

        private <T> void forEach(List<T> rows, String section, java.util.function.BiConsumer<T, String> check) {
            for (int i = 0; i < rows.size(); i++) {
                check.accept(rows.get(i), section + "[" + i + "]");
            }
        }
    }
}
