package org.exposuregraph.incident;

import org.exposuregraph.graph.Facts;
import org.exposuregraph.graph.IncidentKind;
import org.exposuregraph.graph.LeakStatus;
import org.exposuregraph.graph.ReadTransactions;
import static org.exposuregraph.provenance.FactRows.confidence;
import static org.exposuregraph.provenance.FactRows.date;
import static org.exposuregraph.provenance.FactRows.disputed;
import static org.exposuregraph.provenance.FactRows.string;
import static org.exposuregraph.provenance.FactRows.strings;
import static org.exposuregraph.provenance.FactRows.tlp;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.exposuregraph.api.Keyed;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.api.Page;
import org.exposuregraph.security.Visibility;
import org.neo4j.driver.Record;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads incidents and what they link to. */
@Service
@Transactional(readOnly = true)
public class IncidentService {

    private static final String INCIDENT_FIELDS = """
            i.id AS id, i.name AS name, i.kind AS kind, i.discovered AS discovered, i.leakStatus AS leakStatus,
            i.ransomDemand AS ransomDemand, i.summary AS summary, i.confidence AS confidence,
            i.disputed AS disputed, i.sourceIds AS sourceIds, i.tlp AS tlp""";

    private final Neo4jClient neo4jClient;
    private final ReadTransactions reads;

    IncidentService(Neo4jClient neo4jClient, ReadTransactions reads) {
        this.neo4jClient = neo4jClient;
        this.reads = reads;
    }

    public Incident require(String id) {
        return neo4jClient.query("MATCH (i:Incident {id: $id}) WHERE " + Visibility.visible("i") + " RETURN " + INCIDENT_FIELDS)
                .bind(id).to("id")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Incident.class).mappedBy((types, row) -> incident(row)).one()
                .orElseThrow(() -> new NotFoundException("Incident", id));
    }

    /** The visible incidents among {@code ids}, by id: a hidden or missing one is absent. */
    public Map<String, Incident> byIds(Collection<String> ids) {
        return neo4jClient.query("UNWIND $ids AS id MATCH (i:Incident {id: id}) WHERE " + Visibility.visible("i") + " RETURN " + INCIDENT_FIELDS)
                .bind(List.copyOf(ids)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Incident.class).mappedBy((types, row) -> incident(row)).all().stream()
                .collect(Collectors.toMap(Incident::id, incident -> incident, (same, again) -> same));
    }

        /** Most recently discovered first; the cursor is the sort key (discovery date, then id). */
    public Page<Incident> page(int first, String after) {
        List<String> visible = Visibility.current().levels();
        List<Incident> rows = List.copyOf(neo4jClient.query("""
                        MATCH (i:Incident) WHERE %s
                        WITH i, coalesce(toString(i.discovered), '') + '|' + i.id AS sortKey
                        WHERE $after IS NULL OR sortKey < $after
                        RETURN sortKey, """.formatted(Visibility.visible("i")) + INCIDENT_FIELDS + " ORDER BY sortKey DESC LIMIT $limit")
                .bindAll(Page.queryParameters(after, first))
                .bind(visible).to(Visibility.PARAMETER)
                .fetchAs(Incident.class).mappedBy((types, row) -> incident(row)).all());
        return Page.of(rows, first, IncidentService::sortKey,
                // counted only when asked, after this call's transaction: in a read transaction of its own
                () -> reads.run(() -> neo4jClient.query("MATCH (i:Incident) WHERE " + Visibility.visible("i") + " RETURN count(i)")
                        .bind(visible).to(Visibility.PARAMETER).fetchAs(Long.class).one().orElse(0L)));
    }

    public Map<String, List<IncidentLink>> links(Collection<String> incidentIds, IncidentLink.Kind kind) {
        return neo4jClient.query("UNWIND $ids AS incidentId " + kind.pattern + " WHERE " + Visibility.visible("i", "r", "t")
                        + " RETURN incidentId, t.id AS targetId, r ORDER BY " + Facts.confidenceIn("r") + " DESC, t.id")
                .bind(List.copyOf(incidentIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(IncidentLink.class).mappedBy((types, row) -> {
                    var r = row.get("r");
                    return new IncidentLink(r.get("id").asString(), row.get("incidentId").asString(),
                            row.get("targetId").asString(), confidence(r.get("confidence")), disputed(r.get("disputed")),
                            strings(r.get("sourceIds")), tlp(r.get("tlp")));
                })
                .all().stream().collect(Collectors.groupingBy(IncidentLink::incidentId));
    }

    /** Incidents in which each organisation was breached, most recent first. */
    public Map<String, List<Incident>> breachesOf(Collection<String> organisationIds) {
        return incidentsBy("MATCH (i:Incident)-[r:BREACHED]->(t:Organisation {id: key})", organisationIds);
    }

    /** Incidents attributed to each actor, most recent first. */
    public Map<String, List<Incident>> attributedTo(Collection<String> actorIds) {
        return incidentsBy("MATCH (i:Incident)-[r:ATTRIBUTED_TO]->(t:ThreatActor {id: key})", actorIds);
    }

    /** {@code pattern} is a fixed pattern binding incident {@code i}, link {@code r} and target {@code t}. */
    @SuppressWarnings("unchecked")
    private Map<String, List<Incident>> incidentsBy(String pattern, Collection<String> keys) {
        return neo4jClient.query("UNWIND $keys AS key " + pattern + " WHERE " + Visibility.visible("i", "r", "t")
                        + " RETURN key, " + INCIDENT_FIELDS + " ORDER BY i.discovered DESC")
                .bind(List.copyOf(keys)).to("keys")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Keyed.class).mappedBy((types, row) -> new Keyed<>(row.get("key").asString(), incident(row)))
                .all().stream().map(k -> (Keyed<Incident>) k).collect(Keyed.grouping());
    }


    private static String sortKey(Incident incident) {
        return (incident.discovered() == null ? "" : incident.discovered().toString()) + "|" + incident.id();
    }

    private static Incident incident(Record row) {
        return new Incident(row.get("id").asString(), row.get("name").asString(),
                IncidentKind.valueOf(row.get("kind").asString("OTHER")), date(row.get("discovered")),
                LeakStatus.valueOf(row.get("leakStatus").asString("UNKNOWN")), string(row.get("ransomDemand")),
                string(row.get("summary")), confidence(row.get("confidence")), disputed(row.get("disputed")),
                strings(row.get("sourceIds")), tlp(row.get("tlp")));
    }

}
