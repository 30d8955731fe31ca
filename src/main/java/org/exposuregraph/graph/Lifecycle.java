package org.exposuregraph.graph;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.FieldError;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * The end of a fact's life, through the one write path. Ending is the normal removal: a data flow, sub-processing
 * link or software use gets an end date ({@code until}) and a reason and stays in the graph, so history (which
 * practice used a breached vendor in 2021) is kept; recorded as {@code ENDED}. Purging is for mistakes: ADMIN
 * only, it deletes a node with its relationships, or one relationship fact, recorded as {@code REMOVED}.
 * Both look only at what the key may see, so a hidden fact is answered exactly like a missing one.
 */
@Service
public class Lifecycle {

    /** The facts that can be ended: their type, the labels of their ends, and what the caller calls them. */
    public enum Endable {
        DATA_FLOW(Facts.ENTRUSTS, Facts.ORGANISATION, Facts.ORGANISATION, "Data flow", "endDataFlow"),
        SUB_PROCESSING(Facts.SUBPROCESSES_TO, Facts.ORGANISATION, Facts.ORGANISATION, "Sub-processing", "endSubProcessing"),
        SOFTWARE_USE(Facts.RUNS, Facts.ORGANISATION, Facts.SOFTWARE, "Software use", "endSoftwareUse");

        final String type;
        final String fromLabel;
        final String toLabel;
        final String what;
        final String operation;

        Endable(String type, String fromLabel, String toLabel, String what, String operation) {
            this.type = type;
            this.fromLabel = fromLabel;
            this.toLabel = toLabel;
            this.what = what;
            this.operation = operation;
        }

        /** The id a fact between these ends gets when its writer gives none (the caller's id for it). */
        String derivedId(String from, String to) {
            return switch (this) {
                case DATA_FLOW -> Facts.dataFlowId(from, to);
                case SUB_PROCESSING -> Facts.subProcessingId(from, to);
                case SOFTWARE_USE -> Facts.softwareUseId(from, to);
            };
        }
    }

    /** A fact after it was ended: its id, type, ends, validity and why it ended. */
    public record EndedFact(String id, String kind, String from, String to, LocalDate since, LocalDate until,
                            String endReason, Tlp tlp) {
    }

    /** The answer to an end: the fact as ended, or the input fields not accepted (nothing written). */
    public record EndResult(EndedFact fact, List<FieldError> errors) {
    }

    /** What a purge removed: the element named, its kind, and every relationship that went with a node. */
    public record Purged(String id, String kind, List<String> removed) {
    }

    private final Neo4jClient neo4jClient;
    private final GraphWriter graphWriter;

    Lifecycle(Neo4jClient neo4jClient, GraphWriter graphWriter) {
        this.neo4jClient = neo4jClient;
        this.graphWriter = graphWriter;
    }

    /**
     * Ends the fact named by {@code id}, or else by its two ends: sets {@code until} (today when null) and
     * {@code endReason}, never deletes it. Ending an ended fact again with the same date and reason changes
     * nothing; with another date or reason it is ended again at that date.
     */
    public EndResult end(Endable kind, String id, String from, String to, LocalDate until, String reason) {
        if (id == null && (from == null || to == null)) {
            throw new BadRequestException(kind.what + " to end: give its id, or both its ends");
        }
        // The caller's own name for the fact: a missing and a hidden one are both answered with it.
        String callerId = id != null ? id : kind.derivedId(from, to);
        List<FieldError> errors = new ArrayList<>();
        for (String[] ref : new String[][] {{"id", id}, {"from", from}, {"to", to}}) {
            String problem = WriteRules.id(ref[1]);
            if (problem != null) {
                errors.add(new FieldError(ref[0], problem));
            }
        }
        String reasonProblem = WriteRules.text(WriteRules.Text.LONG, reason);
        if (reasonProblem != null) {
            errors.add(new FieldError("reason", reasonProblem));
        }
        if (!errors.isEmpty()) {
            return new EndResult(null, errors);
        }
        LocalDate end = until != null ? until : LocalDate.now(java.time.ZoneOffset.UTC);
        return graphWriter.write(kind.operation, changes -> endIn(kind, id, from, to, callerId, end, reason, changes));
    }

    private EndResult endIn(Endable kind, String id, String from, String to, String callerId, LocalDate until,
                            String reason, ChangeSet changes) {
        // Type and labels are catalogue constants; the fact and both its ends must be visible to the writer.
        String match = id != null
                ? Facts.matchById(kind.type, "a", "r", "b", "$id")
                : "MATCH (a:%s {id: $from})-[r:%s]->(b:%s {id: $to})".formatted(kind.fromLabel, kind.type, kind.toLabel);
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("id", id);
        parameters.put("from", from);
        parameters.put("to", to);
        parameters.put(Visibility.PARAMETER, Visibility.writer().levels());
        List<Map<String, Object>> found = List.copyOf(neo4jClient.query(match + " WHERE " + Visibility.visible("a", "r", "b")
                        + " RETURN " + Facts.idIn("r", "a", "b") + " AS id, a.id AS from, b.id AS to, r.since AS since, r.until AS until,"
                        + " r.endReason AS endReason, r.tlp AS tlp, r.categories AS categories")
                .bindAll(parameters).fetch().all());
        if (found.isEmpty()) {
            throw new NotFoundException(kind.what, callerId);
        }
        if (found.size() > 1) {
            throw new BadRequestException("'" + callerId + "' names " + found.size() + " facts; give each its own id first");
        }
        Map<String, Object> fact = found.get(0);
        LocalDate since = (LocalDate) fact.get("since");
        String problem = WriteRules.period(since, until);
        if (problem != null) {
            return new EndResult(null, List.of(new FieldError("until", problem)));
        }
        String factId = (String) fact.get("id");
        if (!until.equals(fact.get("until")) || !Objects.equals(reason, fact.get("endReason"))) {
            neo4jClient.query(match + " SET r.until = $until, r.endReason = $reason")
                    .bindAll(parameters).bind(until).to("until").bind(reason).to("reason").run();
            @SuppressWarnings("unchecked") List<String> categories = (List<String>) fact.get("categories");
            changes.element(ChangeSet.Outcome.ENDED, kind.type, factId).markings(fact.get("tlp"), fact.get("tlp"))
                    .categories(categories).organisations((String) fact.get("from"))
                    .organisations(kind.toLabel.equals(Facts.ORGANISATION) ? (String) fact.get("to") : null);
        }
        return new EndResult(new EndedFact(factId, kind.type, (String) fact.get("from"), (String) fact.get("to"), since,
                until, reason, Markings.of(fact.get("tlp")) == null ? Tlp.CLEAR : Markings.of(fact.get("tlp"))), List.of());
    }

    /**
     * Removes a node with every relationship it has, or one relationship fact, by id: for mistakes, not for facts
     * that ended (those are ended and kept). ADMIN only; recorded as {@code REMOVED} with what went with a node.
     */
    public Purged purge(String id) {
        CurrentKey.require(Role.ADMIN, "Purging a fact");
        if (id == null) {
            throw new BadRequestException("Purging needs an id");
        }
        return graphWriter.write("purge", changes -> purgeIn(id, changes));
    }

    private Purged purgeIn(String id, ChangeSet changes) {
        Facts.Found found = Facts.one(neo4jClient, id, Visibility.writer());
        String kind = found.kind();
        String element = found.element();
        List<String> removed = new ArrayList<>();
        if (found.node()) {
            // What goes with the node: every relationship at it, named by its id when it is a fact, else by its other end.
            List<Map<String, Object>> attached = List.copyOf(neo4jClient.query("""
                            MATCH (x) WHERE elementId(x) = $element
                            OPTIONAL MATCH (x)-[r]-(other)
                            RETURN x.tlp AS tlp, labels(x) AS labels, type(r) AS type, %s AS rid, other.id AS other,
                                   r.tlp AS rtlp, r.categories AS categories,
                                   CASE WHEN 'Organisation' IN labels(other) THEN other.id END AS organisation"""
                            .formatted(Facts.idIn("r")))
                    .bind(element).to("element").fetch().all());
            changes.element(ChangeSet.Outcome.REMOVED, kind, id).markings(attached.get(0).get("tlp"), null);
            if (kind.equals(Facts.ORGANISATION)) {
                changes.organisations(id);
            }
            for (Map<String, Object> row : attached) {
                if (row.get("type") == null) {
                    continue;
                }
                String name = (String) (row.get("rid") != null ? row.get("rid") : id + "-" + row.get("other"));
                changes.element(ChangeSet.Outcome.REMOVED, (String) row.get("type"), name).markings(row.get("rtlp"), null)
                        .organisations((String) row.get("organisation"));
                @SuppressWarnings("unchecked") List<String> categories = (List<String>) row.get("categories");
                changes.categories(categories);
                removed.add(row.get("type") + ":" + name);
            }
            neo4jClient.query("MATCH (x) WHERE elementId(x) = $element DETACH DELETE x").bind(element).to("element").run();
        } else {
            Map<String, Object> fact = neo4jClient.query("""
                            MATCH (a)-[r]->(b) WHERE elementId(r) = $element
                            RETURN r.tlp AS tlp, r.categories AS categories,
                                   CASE WHEN 'Organisation' IN labels(a) THEN a.id END AS from,
                                   CASE WHEN 'Organisation' IN labels(b) THEN b.id END AS to""")
                    .bind(element).to("element").fetch().one().orElseThrow();
            @SuppressWarnings("unchecked") List<String> categories = (List<String>) fact.get("categories");
            changes.element(ChangeSet.Outcome.REMOVED, kind, id).markings(fact.get("tlp"), null).categories(categories)
                    .organisations((String) fact.get("from"), (String) fact.get("to"));
            neo4jClient.query("MATCH ()-[r]->() WHERE elementId(r) = $element DELETE r").bind(element).to("element").run();
        }
        return new Purged(id, kind, removed);
    }
}
