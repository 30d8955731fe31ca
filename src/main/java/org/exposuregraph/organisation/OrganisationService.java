package org.exposuregraph.organisation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.api.Page;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The organisation module's API: look-ups by id, pages, and degree counts. */
@Service
@Transactional(readOnly = true)
public class OrganisationService {

    private final OrganisationRepository repository;
    private final Neo4jClient neo4jClient;

    OrganisationService(OrganisationRepository repository, Neo4jClient neo4jClient) {
        this.repository = repository;
        this.neo4jClient = neo4jClient;
    }

    /** The organisation, if the caller may see it: one above the caller's clearance is not found, like a missing one. */
    public Organisation require(String id) {
        return findAllById(List.of(id)).values().stream().findFirst()
                .orElseThrow(() -> new NotFoundException("Organisation", id));
    }

    /** The organisations among {@code ids} that exist and the caller may see. */
    public Map<String, Organisation> findAllById(Collection<String> ids) {
        return repository.findVisible(List.copyOf(ids), Visibility.current().levels()).stream()
                .collect(Collectors.toMap(Organisation::id, Function.identity()));
    }

    public Page<Organisation> page(OrganisationKind kind, int first, String after) {
        String kindName = kind == null ? null : kind.name();
        List<String> visible = Visibility.current().levels();
        List<Organisation> rows = repository.findPage(kindName, Page.decodeCursor(after), first + 1, visible);
        return Page.of(rows, first, Organisation::id, () -> repository.countVisible(kindName, visible));
    }

    /**
     * Direct client counts. A caller who sees every marking gets them from relationship degrees, which Neo4j
     * keeps without scanning flows; anyone else has each flow and client checked against their clearance.
     */
    public Map<String, Integer> directClientCounts(Collection<String> ids) {
        Visibility visibility = Visibility.current();
        return neo4jClient.query("""
                        UNWIND $ids AS id
                        MATCH (o:Organisation {id: id})
                        RETURN id, CASE WHEN $seesEverything THEN COUNT { (o)<-[:ENTRUSTS]-() }
                                        ELSE COUNT { (c:Organisation)-[f:ENTRUSTS]->(o)
                                                     WHERE coalesce(f.tlp, 'CLEAR') IN $visibleTlp
                                                       AND coalesce(c.tlp, 'CLEAR') IN $visibleTlp } END AS clients
                        """)
                .bind(List.copyOf(ids)).to("ids")
                .bind(visibility.levels()).to(Visibility.PARAMETER)
                .bind(visibility.sees(Tlp.RED)).to("seesEverything")
                .fetch().all().stream()
                .collect(Collectors.toMap(row -> (String) row.get("id"), row -> ((Number) row.get("clients")).intValue()));
    }
}
