package org.exposuregraph.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.exposuregraph.ingest.ImportReport.Rejection;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * What a write may do at the writer's TLP clearance, for every import and hand edit: no record marked above
 * it, and no replacing of, or pointing at, a record or link the writer cannot see (those count as absent to
 * the writer, but must not be overwritten or leaked through a reference).
 */
final class ClearanceCheck {

    private final Neo4jClient neo4jClient;
    private final Visibility writer;
    private final List<Rejection> rejections = new ArrayList<>();
    /** label -> id -> where in the document it is written or referred to */
    private final Map<String, Map<String, String>> ids = new LinkedHashMap<>();
    /** relationship type -> "from|to" -> where in the document the link is written */
    private final Map<String, Map<String, String>> links = new LinkedHashMap<>();

    private ClearanceCheck(Neo4jClient neo4jClient, Visibility writer) {
        this.neo4jClient = neo4jClient;
        this.writer = writer;
    }

    /** The rejections for a write of {@code doc} by {@link Visibility#writer()}. */
    static List<Rejection> of(NativeDocument doc, Neo4jClient neo4jClient) {
        Visibility writer = Visibility.writer();
        if (writer.seesEverything()) {
            return List.of();
        }
        return new ClearanceCheck(neo4jClient, writer).check(doc);
    }

    private List<Rejection> check(NativeDocument doc) {
        each(doc.sources(), "sources", (r, at) -> record("Source", r.id(), r.tlp(), at));
        each(doc.organisations(), "organisations", (r, at) -> record("Organisation", r.id(), r.tlp(), at));
        each(doc.software(), "software", (r, at) -> record("Software", r.id(), r.tlp(), at));
        each(doc.vulnerabilities(), "vulnerabilities", (r, at) -> record("Vulnerability", r.id(), r.tlp(), at));
        each(doc.threatActors(), "threatActors", (r, at) -> record("ThreatActor", r.id(), r.tlp(), at));
        each(doc.claims(), "claims", (r, at) -> record("Claim", r.id(), r.tlp(), at));
        each(doc.actorRelations(), "actorRelations", (r, at) -> {
            marking(r.tlp(), at);
            refer("ThreatActor", r.from(), at + ".from");
            refer("ThreatActor", r.to(), at + ".to");
        });
        each(doc.exploits(), "exploits", (r, at) -> {
            marking(r.tlp(), at);
            refer("ThreatActor", r.actor(), at + ".actor");
            refer("Vulnerability", r.vulnerability(), at + ".vulnerability");
        });
        each(doc.softwareUse(), "softwareUse", (r, at) -> {
            marking(r.tlp(), at);
            refer("Organisation", r.organisation(), at + ".organisation");
            refer("Software", r.software(), at + ".software");
        });
        each(doc.dataFlows(), "dataFlows", (r, at) -> {
            marking(r.tlp(), at);
            refer("Organisation", r.client(), at + ".client");
            refer("Organisation", r.processor(), at + ".processor");
            relationship("ENTRUSTS", r.client(), r.processor(), at);
        });
        each(doc.subProcessing(), "subProcessing", (r, at) -> {
            marking(r.tlp(), at);
            refer("Organisation", r.processor(), at + ".processor");
            refer("Organisation", r.subProcessor(), at + ".subProcessor");
            relationship("SUBPROCESSES_TO", r.processor(), r.subProcessor(), at);
        });
        each(doc.incidents(), "incidents", (r, at) -> {
            record("Incident", r.id(), r.tlp(), at);
            each(r.breached(), at + ".breached", (l, linkAt) -> link("Organisation", l, linkAt));
            each(r.affected(), at + ".affected", (l, linkAt) -> link("Organisation", l, linkAt));
            each(r.attributedTo(), at + ".attributedTo", (l, linkAt) -> link("ThreatActor", l, linkAt));
            each(r.exploited(), at + ".exploited", (l, linkAt) -> link("Vulnerability", l, linkAt));
            each(r.leaked(), at + ".leaked", (l, linkAt) -> marking(l.tlp(), linkAt));
        });
        if (!rejections.isEmpty()) {
            return rejections; // markings first: no need to look further into the graph
        }
        ids.forEach((label, where) -> neo4jClient.query(
                        "UNWIND $ids AS id MATCH (n:%s {id: id}) WHERE NOT %s RETURN id".formatted(label, Visibility.visible("n")))
                .bind(List.copyOf(where.keySet())).to("ids").bind(writer.levels()).to(Visibility.PARAMETER)
                .fetchAs(String.class).all()
                .forEach(id -> rejections.add(new Rejection(null, where.get(id), label + " '" + id
                        + "' is marked above this key's clearance (" + writer.clearance()
                        + "): it cannot be changed or referred to with this key"))));
        // {@code type} is one of two fixed relationship types, never input.
        links.forEach((type, where) -> neo4jClient.query("""
                        UNWIND $pairs AS pair
                        WITH pair, split(pair, '|') AS ends
                        MATCH (:Organisation {id: ends[0]})-[r:%s]->(:Organisation {id: ends[1]}) WHERE NOT %s
                        RETURN pair""".formatted(type, Visibility.visible("r")))
                .bind(List.copyOf(where.keySet())).to("pairs").bind(writer.levels()).to(Visibility.PARAMETER)
                .fetchAs(String.class).all()
                .forEach(pair -> rejections.add(new Rejection(null, where.get(pair) + ".id", "the link from '"
                        + pair.replace("|", "' to '") + "' is marked above this key's clearance (" + writer.clearance()
                        + "): it cannot be changed with this key"))));
        return rejections;
    }

    private void record(String label, String id, Tlp tlp, String at) {
        marking(tlp, at);
        refer(label, id, at + ".id");
    }

    private void link(String targetLabel, NativeDocument.LinkRow link, String at) {
        marking(link.tlp(), at);
        refer(targetLabel, link.target(), at + ".target");
    }

    private void marking(Tlp tlp, String at) {
        if (!writer.sees(tlp)) {
            rejections.add(new Rejection(null, at + ".tlp", "this key is cleared to " + writer.clearance()
                    + ": it cannot mark a record " + tlp));
        }
    }

    private void refer(String label, String id, String at) {
        if (id != null) {
            ids.computeIfAbsent(label, k -> new LinkedHashMap<>()).putIfAbsent(id, at);
        }
    }

    private void relationship(String type, String from, String to, String at) {
        links.computeIfAbsent(type, k -> new LinkedHashMap<>()).putIfAbsent(from + "|" + to, at);
    }

    private static <T> void each(List<T> rows, String section, BiConsumer<T, String> check) {
        for (int i = 0; i < rows.size(); i++) {
            check.accept(rows.get(i), section + "[" + i + "]");
        }
    }
}
