package org.exposuregraph.provenance;

import org.exposuregraph.graph.ClaimStance;
import org.exposuregraph.graph.Facts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.exposuregraph.security.Visibility;
import org.neo4j.driver.Record;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads sources and claims for any fact, by batch. */
@Service
@Transactional(readOnly = true)
public class ProvenanceService {

    private final Neo4jClient neo4jClient;

    ProvenanceService(Neo4jClient neo4jClient) {
        this.neo4jClient = neo4jClient;
    }

    public Map<String, Source> sourcesById(Collection<String> ids) {
        return neo4jClient.query("""
                        UNWIND $ids AS id
                        MATCH (s:Source {id: id}) WHERE coalesce(s.tlp, 'CLEAR') IN $visibleTlp
                        RETURN s.id AS id, s.publisher AS publisher, s.title AS title, s.url AS url, s.published AS published,
                               s.tlp AS tlp
                        """)
                .bind(List.copyOf(ids)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Source.class).mappedBy((types, row) -> new Source(row.get("id").asString(),
                        row.get("publisher").asString(), row.get("title").asString(null), row.get("url").asString(null),
                        row.get("published").isNull() ? null : row.get("published").asLocalDate(),
                        FactRows.tlp(row.get("tlp"))))
                .all().stream().collect(Collectors.toMap(Source::id, Function.identity()));
    }

    /** Claims about each subject, supporting ones first, then by confidence. */
    public Map<String, List<Claim>> claimsBySubject(Collection<String> subjectIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS subjectId
                        MATCH (c:Claim {subjectId: subjectId}) WHERE coalesce(c.tlp, 'CLEAR') IN $visibleTlp
                        RETURN c.id AS id, c.subjectId AS subjectId, c.property AS property, c.value AS value,
                               c.statement AS statement, c.confidence AS confidence, c.stance AS stance,
                               coalesce(c.sourceIds, []) AS sourceIds, c.tlp AS tlp
                        ORDER BY c.stance DESC, c.confidence DESC, c.id
                        """)
                .bind(List.copyOf(subjectIds)).to("ids")
                .bind(Visibility.current().levels()).to(Visibility.PARAMETER)
                .fetchAs(Claim.class).mappedBy((types, row) -> toClaim(row))
                .all().stream().collect(Collectors.groupingBy(Claim::subjectId));
    }

    private static Claim toClaim(Record row) {
        return new Claim(row.get("id").asString(), row.get("subjectId").asString(), row.get("property").asString(),
                row.get("value").asString(null), row.get("statement").asString(), row.get("confidence").asInt(Facts.DEFAULT_CONFIDENCE),
                ClaimStance.valueOf(row.get("stance").asString("SUPPORTS")),
                row.get("sourceIds").asList(v -> v.asString()), FactRows.tlp(row.get("tlp")));
    }
}
