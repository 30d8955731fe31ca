package org.exposuregraph.threat;

import org.exposuregraph.graph.ActorType;
import static org.exposuregraph.provenance.FactRows.confidence;
import static org.exposuregraph.provenance.FactRows.date;
import static org.exposuregraph.provenance.FactRows.disputed;
import static org.exposuregraph.provenance.FactRows.string;
import static org.exposuregraph.provenance.FactRows.strings;
import static org.exposuregraph.provenance.FactRows.tlp;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.exposuregraph.api.Keyed;
import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.security.Visibility;
import org.neo4j.driver.Record;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads actors, the software organisations run, its vulnerabilities and who exploits them. */
@Service
@Transactional(readOnly = true)
@SuppressWarnings("unchecked")
public class ThreatService {

    private static final String ACTOR_FIELDS = """
            a.id AS id, a.name AS name, a.type AS type, a.aliases AS aliases, a.externalIds AS externalIds,
            a.description AS description""";
    private static final String VULNERABILITY_FIELDS = """
            v.id AS id, v.name AS name, v.description AS description, v.cvss AS cvss, v.published AS published""";

    private final Neo4jClient neo4jClient;

    ThreatService(Neo4jClient neo4jClient) {
        this.neo4jClient = neo4jClient;
    }

    public ThreatActor requireActor(String id) {
        ThreatActor actor = actorsById(List.of(id)).get(id);
        if (actor == null) {
            throw new NotFoundException("Threat actor", id);
        }
        return actor;
    }

    public Map<String, ThreatActor> actorsById(Collection<String> ids) {
        return neo4jClient.query("UNWIND $ids AS id MATCH (a:ThreatActor {id: id}) WHERE " + Visibility.visible("a")
                        + " RETURN " + ACTOR_FIELDS)
                .bind(List.copyOf(ids)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(ThreatActor.class).mappedBy((types, row) -> actor(row)).all().stream()
                .collect(Collectors.toMap(ThreatActor::id, Function.identity()));
    }

    /** Actors linked to each given actor by {@code USES} (outgoing), used-by (incoming) or {@code RELATED_TO} (either way). */
    public Map<String, List<ThreatActor>> linkedActors(Collection<String> ids, ActorLink link) {
        return neo4jClient.query("UNWIND $ids AS fromId " + link.pattern + " WHERE " + Visibility.visible("from", "r", "a")
                        + " WITH DISTINCT fromId, a RETURN fromId, " + ACTOR_FIELDS + " ORDER BY a.name")
                .bind(List.copyOf(ids)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Keyed.class).mappedBy((types, row) -> new Keyed<>(row.get("fromId").asString(), actor(row)))
                .all().stream().map(k -> (Keyed<ThreatActor>) k).collect(Keyed.grouping());
    }

    public Map<String, List<Vulnerability>> exploitedBy(Collection<String> actorIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS actorId
                        MATCH (a:ThreatActor {id: actorId})-[r:EXPLOITS]->(v:Vulnerability)
                        WHERE %s
                        RETURN actorId AS key, """.formatted(Visibility.visible("a", "r", "v")) + VULNERABILITY_FIELDS + " ORDER BY v.id")
                .bind(List.copyOf(actorIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Keyed.class).mappedBy((types, row) -> new Keyed<>(row.get("key").asString(), vulnerability(row)))
                .all().stream().map(k -> (Keyed<Vulnerability>) k).collect(Keyed.grouping());
    }

    public Map<String, Vulnerability> vulnerabilitiesById(Collection<String> ids) {
        return neo4jClient.query("UNWIND $ids AS id MATCH (v:Vulnerability {id: id}) WHERE " + Visibility.visible("v")
                        + " RETURN " + VULNERABILITY_FIELDS)
                .bind(List.copyOf(ids)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Vulnerability.class).mappedBy((types, row) -> vulnerability(row)).all().stream()
                .collect(Collectors.toMap(Vulnerability::id, Function.identity()));
    }

    public Map<String, List<ThreatActor>> exploitersOf(Collection<String> vulnerabilityIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS vulnerabilityId
                        MATCH (a:ThreatActor)-[r:EXPLOITS]->(v:Vulnerability {id: vulnerabilityId})
                        WHERE %s
                        RETURN vulnerabilityId AS key, """.formatted(Visibility.visible("a", "r", "v")) + ACTOR_FIELDS + " ORDER BY a.name")
                .bind(List.copyOf(vulnerabilityIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Keyed.class).mappedBy((types, row) -> new Keyed<>(row.get("key").asString(), actor(row)))
                .all().stream().map(k -> (Keyed<ThreatActor>) k).collect(Keyed.grouping());
    }

    public Map<String, List<Vulnerability>> vulnerabilitiesIn(Collection<String> softwareIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS softwareId
                        MATCH (v:Vulnerability)-[r:AFFECTS]->(s:Software {id: softwareId})
                        WHERE %s
                        RETURN softwareId AS key, """.formatted(Visibility.visible("v", "r", "s")) + VULNERABILITY_FIELDS + " ORDER BY v.id")
                .bind(List.copyOf(softwareIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Keyed.class).mappedBy((types, row) -> new Keyed<>(row.get("key").asString(), vulnerability(row)))
                .all().stream().map(k -> (Keyed<Vulnerability>) k).collect(Keyed.grouping());
    }

    public Map<String, List<Software>> affectedBy(Collection<String> vulnerabilityIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS vulnerabilityId
                        MATCH (v:Vulnerability {id: vulnerabilityId})-[r:AFFECTS]->(s:Software)
                        WHERE %s
                        RETURN vulnerabilityId AS key, s.id AS id, s.name AS name, s.publisher AS publisher ORDER BY s.name
                        """.formatted(Visibility.visible("v", "r", "s")))
                .bind(List.copyOf(vulnerabilityIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Keyed.class).mappedBy((types, row) -> new Keyed<>(row.get("key").asString(), software(row)))
                .all().stream().map(k -> (Keyed<Software>) k).collect(Keyed.grouping());
    }

    public Map<String, Software> softwareById(Collection<String> ids) {
        return neo4jClient.query("UNWIND $ids AS id MATCH (s:Software {id: id}) WHERE " + Visibility.visible("s")
                        + " RETURN s.id AS id, s.name AS name, s.publisher AS publisher")
                .bind(List.copyOf(ids)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Software.class).mappedBy((types, row) -> software(row)).all().stream()
                .collect(Collectors.toMap(Software::id, Function.identity()));
    }

    public Map<String, List<SoftwareUse>> softwareUsedBy(Collection<String> organisationIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS organisationId
                        MATCH (o:Organisation {id: organisationId})-[r:RUNS]->(s:Software)
                        WHERE %s
                        RETURN organisationId, s.id AS softwareId, r ORDER BY s.name
                        """.formatted(Visibility.visible("o", "r", "s")))
                .bind(List.copyOf(organisationIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(SoftwareUse.class).mappedBy((types, row) -> {
                    var r = row.get("r");
                    return new SoftwareUse(r.get("id").asString(), row.get("organisationId").asString(),
                            row.get("softwareId").asString(), date(r.get("since")), date(r.get("until")),
                            string(r.get("endReason")), confidence(r.get("confidence")), disputed(r.get("disputed")),
                            strings(r.get("sourceIds")), tlp(r.get("tlp")));
                })
                .all().stream().collect(Collectors.groupingBy(SoftwareUse::organisationId));
    }

    private static ThreatActor actor(Record row) {
        return new ThreatActor(row.get("id").asString(), row.get("name").asString(),
                ActorType.valueOf(row.get("type").asString("THREAT_ACTOR")), strings(row.get("aliases")),
                strings(row.get("externalIds")), string(row.get("description")));
    }

    private static Vulnerability vulnerability(Record row) {
        return new Vulnerability(row.get("id").asString(), row.get("name").asString(), string(row.get("description")),
                row.get("cvss").isNull() ? null : row.get("cvss").asDouble(), date(row.get("published")));
    }

    private static Software software(Record row) {
        return new Software(row.get("id").asString(), row.get("name").asString(), string(row.get("publisher")));
    }

    /** How two actors are linked, as a fixed Cypher pattern binding {@code from}, {@code r} and {@code a} from {@code fromId}. */
    public enum ActorLink {
        USES("MATCH (from:ThreatActor {id: fromId})-[r:USES]->(a:ThreatActor)"),
        USED_BY("MATCH (from:ThreatActor {id: fromId})<-[r:USES]-(a:ThreatActor)"),
        RELATED_TO("MATCH (from:ThreatActor {id: fromId})-[r:RELATED_TO]-(a:ThreatActor)");

        private final String pattern;

        ActorLink(String pattern) {
            this.pattern = pattern;
        }
    }

}
