package org.exposuregraph.organisation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.api.Page;
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

    public Organisation require(String id) {
        return repository.findById(id).orElseThrow(() -> new NotFoundException("Organisation", id));
    }

    public Map<String, Organisation> findAllById(Collection<String> ids) {
        return repository.findAllById(ids).stream()
                .collect(Collectors.toMap(Organisation::id, Function.identity()));
    }

    public Page<Organisation> page(OrganisationKind kind, int first, String after) {
        String kindName = kind == null ? null : kind.name();
        List<Organisation> rows = repository.findPage(kindName, Page.decodeCursor(after), first + 1);
        return Page.of(rows, first, Organisation::id, () -> repository.countByKind(kindName));
    }

    /** Direct client counts from relationship degrees, which Neo4j keeps without scanning flows. */
    public Map<String, Integer> directClientCounts(Collection<String> ids) {
        return neo4jClient.query("""
                        UNWIND $ids AS id
                        MATCH (o:Organisation {id: id})
                        RETURN id, COUNT { (o)<-[:ENTRUSTS]-() } AS clients
                        """)
                .bind(List.copyOf(ids)).to("ids")
                .fetch().all().stream()
                .collect(Collectors.toMap(row -> (String) row.get("id"), row -> ((Number) row.get("clients")).intValue()));
    }
}
