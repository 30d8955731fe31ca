package org.exposuregraph.ingest;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.api.FieldError;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.api.Page;
import org.exposuregraph.graph.GraphEdits;
import org.exposuregraph.graph.GraphWriter;
import org.exposuregraph.graph.NativeDocument.LinkRow;
import org.exposuregraph.incident.Incident;
import org.exposuregraph.incident.IncidentService;
import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * Leak-site posts whose best organisation match scored below {@link LeakSiteImporter#THRESHOLD}: kept as
 * {@code (:LeakSiteCandidate)} bookkeeping nodes for an EDITOR to accept or reject, neither guessed nor dropped.
 * They are a review queue, not facts (no analysis reads them, the change record does not list them), so they are
 * written here directly, as watches are; accepting one writes the incident's BREACHED link through the write
 * model like any hand edit, so the change record carries it and alerts follow as for a post matched at import.
 * A candidate is visible only with its incident and its organisation: one the caller cannot see both is absent.
 */
@Service
class LeakSiteCandidates {

    /** Where a candidate stands. */
    enum Status { PENDING, ACCEPTED, REJECTED }

    /** A below-threshold match: the post's incident, the organisation, the score and why. */
    record Candidate(String id, String incidentId, String organisationId, int score, String evidence, Status status,
                     OffsetDateTime createdAt, String resolvedBy, OffsetDateTime resolvedAt, String note) {
    }

    /** A match the importer found below the threshold, with what accepting it would write. */
    record Proposed(String incidentId, LeakSiteImporter.Match match, String sourceId) {
    }

    /** What {@code resolveCandidate} takes. */
    record ResolveInput(String id, Boolean accept, String note) {
    }

    /** The resolved candidate, or why the link could not be written. */
    record ResolvePayload(Candidate candidate, List<FieldError> errors) {
    }

    /** A candidate as stored, with what accepting it writes. */
    private record Stored(Candidate candidate, String sourceId, String marking) {
    }

    private static final String FIELDS = """
            c.id AS id, c.incidentId AS incidentId, c.organisationId AS organisationId, c.score AS score,
            c.evidence AS evidence, c.status AS status, c.createdAt AS createdAt, c.resolvedBy AS resolvedBy,
            c.resolvedAt AS resolvedAt, c.note AS note, c.sourceId AS sourceId, c.marking AS marking""";

    private static final String VISIBLE = """
            MATCH (i:Incident {id: c.incidentId}) WHERE %s
            MATCH (o:Organisation {id: c.organisationId}) WHERE %s""".formatted(Visibility.visible("i"), Visibility.visible("o"));

    private final Neo4jClient neo4jClient;
    private final GraphEdits edits;
    private final IncidentService incidents;

    LeakSiteCandidates(Neo4jClient neo4jClient, GraphEdits edits, IncidentService incidents) {
        this.neo4jClient = neo4jClient;
        this.edits = edits;
        this.incidents = incidents;
    }

    /** The candidate's id: the same post and organisation give the same one, so a re-import adds none. */
    static String id(String incidentId, String organisationId) {
        return incidentId + "@" + organisationId;
    }

    /**
     * Keeps the import's candidates; one kept before (pending or resolved) is left as it is. {@code marking} is the
     * import's, given again to the link an acceptance writes.
     */
    void keep(List<Proposed> proposed, Tlp marking) {
        if (proposed.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = proposed.stream().map(p -> {
            Map<String, Object> row = new HashMap<>();
            row.put("id", id(p.incidentId(), p.match().organisationId()));
            row.put("incidentId", p.incidentId());
            row.put("organisationId", p.match().organisationId());
            row.put("score", p.match().score());
            row.put("evidence", p.match().evidence());
            row.put("sourceId", p.sourceId());
            return row;
        }).toList();
        neo4jClient.query("""
                        UNWIND $rows AS row
                        MERGE (c:LeakSiteCandidate {id: row.id})
                        ON CREATE SET c += row, c.status = 'PENDING', c.createdAt = datetime(), c.marking = $marking""")
                .bind(rows).to("rows").bind(marking == null ? null : marking.name()).to("marking").run();
    }

    /** A page of the candidates the caller can see, by id; EDITOR or higher. */
    Page<Candidate> page(Status status, Integer first, String after) {
        CurrentKey.require(Role.EDITOR, "Reviewing leak-site candidates");
        int size = Page.checkPageSize(first);
        Map<String, Object> parameters = Page.queryParameters(after, size);
        parameters.put("status", status == null ? null : status.name());
        parameters.put(Visibility.PARAMETER, Visibility.current().levels());
        List<Candidate> rows = List.copyOf(neo4jClient.query("""
                        MATCH (c:LeakSiteCandidate) WHERE ($status IS NULL OR c.status = $status) AND ($after IS NULL OR c.id > $after)
                        %s
                        RETURN %s ORDER BY c.id LIMIT $limit""".formatted(VISIBLE, FIELDS))
                .bindAll(parameters).fetchAs(Candidate.class).mappedBy((types, row) -> stored(row).candidate()).all());
        return Page.of(rows, size, Candidate::id, () -> neo4jClient.query("""
                        MATCH (c:LeakSiteCandidate) WHERE ($status IS NULL OR c.status = $status)
                        %s
                        RETURN count(c)""".formatted(VISIBLE))
                .bindAll(parameters).fetchAs(Long.class).one().orElse(0L));
    }

    /**
     * Accepts (links the incident to the organisation, through the write model) or rejects a pending candidate,
     * recording who did it. A hidden or missing id is NOT_FOUND; an already resolved one a BAD_REQUEST.
     */
    ResolvePayload resolve(ResolveInput input) {
        if (input.accept() == null) {
            throw new BadRequestException("'accept' is required: true links the incident to the organisation, false rejects the match");
        }
        Stored stored = visible(input.id());
        Candidate candidate = stored.candidate();
        Status decision = input.accept() ? Status.ACCEPTED : Status.REJECTED;
        // Claim it first, so two EDITORs resolving at once cannot both succeed.
        long claimed = neo4jClient.query("""
                        MATCH (c:LeakSiteCandidate {id: $id}) WHERE c.status = 'PENDING'
                        SET c.status = $status, c.resolvedBy = $actor, c.resolvedAt = datetime(), c.note = $note
                        RETURN count(c)""")
                .bind(candidate.id()).to("id").bind(decision.name()).to("status").bind(GraphWriter.actor()).to("actor")
                .bind(input.note()).to("note").fetchAs(Long.class).one().orElse(0L);
        if (claimed == 0) {
            Candidate now = visible(input.id()).candidate();
            throw new BadRequestException("Candidate " + now.id() + " was already " + now.status() + " by " + now.resolvedBy()
                    + " at " + now.resolvedAt() + "; a resolved candidate cannot be resolved again");
        }
        if (decision == Status.ACCEPTED) {
            List<FieldError> errors;
            try {
                errors = link(candidate, stored.sourceId(), stored.marking());
            } catch (RuntimeException e) {
                reopen(candidate.id());
                throw e;
            }
            if (!errors.isEmpty()) {
                reopen(candidate.id());
                return new ResolvePayload(null, errors);
            }
        }
        return new ResolvePayload(visible(input.id()).candidate(), List.of());
    }

    /** Puts a claimed candidate back to pending when its link could not be written. */
    private void reopen(String id) {
        neo4jClient.query("""
                        MATCH (c:LeakSiteCandidate {id: $id})
                        SET c.status = 'PENDING' REMOVE c.resolvedBy, c.resolvedAt, c.note""")
                .bind(id).to("id").run();
    }

        /** The incident's BREACHED link to the organisation, as the importer writes a match above the threshold. */
    private List<FieldError> link(Candidate candidate, String sourceId, String marking) {
        Incident incident = incidents.require(candidate.incidentId());
        LinkRow breached = new LinkRow(null, candidate.organisationId(), LeakSiteImporter.CLAIM_CONFIDENCE,
                sourceId == null ? List.of() : List.of(sourceId), marking == null ? null : Tlp.valueOf(marking));
        return edits.apply("resolveCandidate", GraphEdits.document().incident(incident.withLinks(List.of(breached), null)).build());
    }

    /** The stored candidate, if the caller can see its incident and organisation; NOT_FOUND as for a missing one. */
    private Stored visible(String id) {
        CurrentKey.require(Role.EDITOR, "Reviewing leak-site candidates");
        return neo4jClient.query("""
                        MATCH (c:LeakSiteCandidate {id: $id})
                        %s
                        RETURN %s""".formatted(VISIBLE, FIELDS))
                .bind(id).to("id").bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Stored.class).mappedBy((types, row) -> stored(row)).one()
                .orElseThrow(() -> new NotFoundException("LeakSiteCandidate", id));
    }

    private static Stored stored(org.neo4j.driver.Record row) {
        Candidate candidate = new Candidate(row.get("id").asString(), row.get("incidentId").asString(),
                row.get("organisationId").asString(), row.get("score").asInt(), row.get("evidence").asString(),
                Status.valueOf(row.get("status").asString()), row.get("createdAt").asOffsetDateTime(),
                row.get("resolvedBy").asString(null), row.get("resolvedAt").asOffsetDateTime(null), row.get("note").asString(null));
        return new Stored(candidate, row.get("sourceId").asString(null), row.get("marking").asString(null));
    }
}
