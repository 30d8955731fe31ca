package org.exposuregraph.organisation;

import java.util.List;

import org.springframework.data.neo4j.repository.Neo4jRepository;
import org.springframework.data.neo4j.repository.query.Query;
import org.springframework.transaction.annotation.Transactional;

/** Every read filters on the caller's visible TLP markings ({@code $visibleTlp}); the inherited finders are not used. */
interface OrganisationRepository extends Neo4jRepository<Organisation, String> {

    @Query("""
            UNWIND $ids AS id
            MATCH (o:Organisation {id: id}) WHERE coalesce(o.tlp, 'CLEAR') IN $visibleTlp
            RETURN o
            """)
    List<Organisation> findVisible(List<String> ids, List<String> visibleTlp);

    /** A page in id order; the (kind, id) index serves both the filter and the order. */
    @Query("""
            MATCH (o:Organisation)
            WHERE ($kind IS NULL OR o.kind = $kind) AND ($icbCode IS NULL OR o.icbCode = $icbCode)
              AND ($after IS NULL OR o.id > $after) AND coalesce(o.tlp, 'CLEAR') IN $visibleTlp
            RETURN o ORDER BY o.id LIMIT $limit
            """)
    List<Organisation> findPage(String kind, String icbCode, String after, int limit, List<String> visibleTlp);

    @Query("""
            MATCH (o:Organisation)
            WHERE ($kind IS NULL OR o.kind = $kind) AND ($icbCode IS NULL OR o.icbCode = $icbCode)
              AND coalesce(o.tlp, 'CLEAR') IN $visibleTlp
            RETURN count(o)
            """)
    // A page's total is counted only when asked, after the service's transaction: this opens a read one of its own.
    @Transactional(readOnly = true)
    long countVisible(String kind, String icbCode, List<String> visibleTlp);
}
