package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.exposuregraph.graph.ImportReport.Rejection;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * What a write may do at the writer's TLP clearance, for every import and hand edit: no record marked above
 * it, and no overwriting of a record or link the writer cannot see. References to records the writer cannot
 * see are not checked here: the reference checks look only at what the writer sees, so a hidden record is
 * answered exactly like a missing one. An overwrite of a hidden record or link is refused with
 * {@link #cannotWrite}, which says that the id is taken and nothing else (docs/security.md, "Write-side rules").
 */
public final class ClearanceCheck {

    private final Neo4jClient neo4jClient;
    private final Visibility writer;
    private final List<Rejection> rejections = new ArrayList<>();
    /** label -> id -> where in the document it is written */
    private final Map<String, Map<String, String>> records = new LinkedHashMap<>();
    /** "FromLabel|TYPE|ToLabel" -> "from|to" -> the written link (where, and the caller's id for it) */
    private final Map<String, Map<String, Written>> links = new LinkedHashMap<>();

    private record Written(String at, String id) {
    }

    private ClearanceCheck(Neo4jClient neo4jClient, Visibility writer) {
        this.neo4jClient = neo4jClient;
        this.writer = writer;
    }

    /** The rejections for a write of {@code doc}, every record marked at least {@code marking}, by {@link Visibility#writer()}. */
    static List<Rejection> of(NativeDocument doc, Tlp marking, Neo4jClient neo4jClient) {
        Visibility writer = Visibility.writer();
        if (writer.seesEverything()) {
            return List.of();
        }
        return new ClearanceCheck(neo4jClient, writer).check(doc, marking);
    }

    /** Why {@code writer} may not mark a record {@code tlp}; null when it may. */
    public static String markingProblem(Visibility writer, Tlp tlp) {
        return writer.sees(tlp) ? null
                : "this key is cleared to " + writer.clearance() + ": it cannot mark a record " + tlp;
    }

    /** The one answer to an overwrite of a record or link the key cannot see, naming the caller's own id. */
    public static String cannotWrite(String id) {
        return "'" + id + "' cannot be written with this key";
    }

    private List<Rejection> check(NativeDocument doc, Tlp marking) {
        marking(marking, null);
        each(doc.sources(), "sources", (r, at) -> record(Facts.SOURCE, r.id(), r.tlp(), at));
        each(doc.organisations(), "organisations", (r, at) -> record(Facts.ORGANISATION, r.id(), r.tlp(), at));
        each(doc.software(), "software", (r, at) -> record(Facts.SOFTWARE, r.id(), r.tlp(), at));
        each(doc.vulnerabilities(), "vulnerabilities", (r, at) -> record(Facts.VULNERABILITY, r.id(), r.tlp(), at));
        each(doc.threatActors(), "threatActors", (r, at) -> record(Facts.THREAT_ACTOR, r.id(), r.tlp(), at));
        each(doc.claims(), "claims", (r, at) -> record(Facts.CLAIM, r.id(), r.tlp(), at));
        each(doc.actorRelations(), "actorRelations", (r, at) ->
                link(Facts.THREAT_ACTOR, r.type().name(), Facts.THREAT_ACTOR, r.from(), r.to(), r.factId(), r.tlp(), at));
        each(doc.exploits(), "exploits", (r, at) ->
                link(Facts.THREAT_ACTOR, Facts.EXPLOITS, Facts.VULNERABILITY, r.actor(), r.vulnerability(), r.factId(), r.tlp(), at));
        each(doc.softwareUse(), "softwareUse", (r, at) ->
                link(Facts.ORGANISATION, Facts.RUNS, Facts.SOFTWARE, r.organisation(), r.software(), r.factId(), r.tlp(), at));
        each(doc.dataFlows(), "dataFlows", (r, at) ->
                link(Facts.ORGANISATION, Facts.ENTRUSTS, Facts.ORGANISATION, r.client(), r.processor(), r.factId(), r.tlp(), at));
        each(doc.subProcessing(), "subProcessing", (r, at) ->
                link(Facts.ORGANISATION, Facts.SUBPROCESSES_TO, Facts.ORGANISATION, r.processor(), r.subProcessor(), r.factId(), r.tlp(), at));
        each(doc.incidents(), "incidents", (r, at) -> {
            record(Facts.INCIDENT, r.id(), r.tlp(), at);
            for (DocumentWriter.IncidentLinkType type : DocumentWriter.IncidentLinkType.values()) {
                each(type.links.apply(r), at + "." + type.field, (l, linkAt) -> link(Facts.INCIDENT, type.name(),
                        type.targetLabel, r.id(), l.target(), l.id() != null ? l.id() : type.derivedId(r.id(), l.target()),
                        l.tlp(), linkAt));
            }
        });
        if (!rejections.isEmpty()) {
            return rejections; // markings first: no need to look further into the graph
        }
        records.forEach((label, where) -> hiddenRecords(neo4jClient, writer, label, where.keySet())
                .forEach(id -> rejections.add(new Rejection(null, where.get(id) + ".id", cannotWrite(id)))));
        // A link between visible ends that is itself hidden; with a hidden end, the reference check answers as for a
        // missing one. Labels and types are code constants, never input.
        links.forEach((key, where) -> hiddenLinks(neo4jClient, writer, key, where.keySet())
                .forEach(pair -> rejections.add(new Rejection(null, where.get(pair).at() + ".id",
                        cannotWrite(where.get(pair).id())))));
        return rejections;
    }

    /** The key under which {@link #hiddenLinks} looks links up; labels and type are catalogue constants. */
    public static String linkKey(String fromLabel, String type, String toLabel) {
        return fromLabel + "|" + type + "|" + toLabel;
    }

    /** The key under which {@link #hiddenLinks} looks a link up by its ends. */
    public static String pair(String from, String to) {
        return from + "|" + to;
    }

    /** Which of these ids name a record of {@code label} that exists but is hidden from {@code writer}. */
    public static List<String> hiddenRecords(Neo4jClient neo4jClient, Visibility writer, String label,
                                             Collection<String> ids) {
        List<String> hidden = new ArrayList<>();
        chunks(List.copyOf(ids), chunk -> hidden.addAll(neo4jClient.query(
                        "UNWIND $ids AS id MATCH (n:%s {id: id}) WHERE NOT (%s) RETURN id".formatted(label, Visibility.visible("n")))
                .bind(chunk).to("ids").bind(writer.levels()).to(Visibility.PARAMETER).fetchAs(String.class).all()));
        return hidden;
    }

    /**
     * Which of these {@link #pair}s name a link of kind {@code linkKey} between visible ends that is itself hidden
     * from {@code writer}; with a hidden end, the reference check answers as for a missing one.
     */
    public static List<String> hiddenLinks(Neo4jClient neo4jClient, Visibility writer, String linkKey,
                                           Collection<String> pairs) {
        String[] parts = linkKey.split("\\|");
        List<String> hidden = new ArrayList<>();
        chunks(List.copyOf(pairs), chunk -> hidden.addAll(neo4jClient.query("""
                        UNWIND $pairs AS pair
                        WITH pair, split(pair, '|') AS ends
                        MATCH (a:%s {id: ends[0]})-[r:%s]->(b:%s {id: ends[1]}) WHERE %s AND NOT (%s)
                        RETURN pair""".formatted(parts[0], parts[1], parts[2], Visibility.visible("a", "b"),
                        Visibility.visible("r")))
                .bind(chunk).to("pairs").bind(writer.levels()).to(Visibility.PARAMETER).fetchAs(String.class).all()));
        return hidden;
    }

    /** Look-ups in chunks, so a national-scale file does not become one huge parameter list. */
    private static void chunks(List<String> ids, java.util.function.Consumer<List<String>> query) {
        for (int from = 0; from < ids.size(); from += 10_000) {
            query.accept(ids.subList(from, Math.min(ids.size(), from + 10_000)));
        }
    }

    private void record(String label, String id, Tlp tlp, String at) {
        marking(tlp, at);
        if (id != null) {
            records.computeIfAbsent(label, k -> new LinkedHashMap<>()).putIfAbsent(id, at);
        }
    }

    private void link(String fromLabel, String type, String toLabel, String from, String to, String id, Tlp tlp, String at) {
        marking(tlp, at);
        if (from != null && to != null) {
            links.computeIfAbsent(linkKey(fromLabel, type, toLabel), k -> new LinkedHashMap<>())
                    .putIfAbsent(pair(from, to), new Written(at, id));
        }
    }

    /** {@code at} null: the import's default marking. */
    private void marking(Tlp tlp, String at) {
        String problem = markingProblem(writer, tlp);
        if (problem != null) {
            rejections.add(new Rejection(null, at == null ? "tlp" : at + ".tlp", problem));
        }
    }

    private static <T> void each(List<T> rows, String section, BiConsumer<T, String> check) {
        for (int i = 0; i < rows.size(); i++) {
            check.accept(rows.get(i), section + "[" + i + "]");
        }
    }
}
