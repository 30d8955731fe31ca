package org.exposuregraph.organisation;

import java.util.List;

import org.springframework.data.neo4j.repository.Neo4jRepository;
import org.springframework.data.neo4j.repository.query.Query;

interface OrganisationRepository extends Neo4jRepository<Organisation, String> {

    /** A page in id order; the (kind, id) index serves both the filter and the order. */
    @Query("""
            MATCH (o:Organisation)
            WHERE ($kind IS NULL OR o.kind = $kind) AND ($after IS NULL OR o.id > $after)
            RETURN o ORDER BY o.id LIMIT $limit
            """)
    List<Organisation> findPage(String kind, String after, int limit);

    @Query("MATCH (o:Organisation) WHERE $kind IS NULL OR o.kind = $kind RETURN count(o)")
    long countByKind(String kind);
}
