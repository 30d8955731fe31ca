package org.exposuregraph.organisation;

import org.exposuregraph.graph.OrganisationKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.exposuregraph.api.NotFoundException;
import org.exposuregraph.api.Page;
import org.exposuregraph.database.GraphVersion;
import org.exposuregraph.database.VersionedCache;
import org.exposuregraph.graph.ReadTransactions;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organisation module's API: look-ups by id, pages, and degree counts. Every read runs in a read transaction
 * (not SUPPORTS: Spring Data Neo4j would then open WRITE sessions, which a cluster sends to its leader; the read-only
 * attribute also makes graph.ReadTransactions retry it on transient failures), except a look-up the cache answers,
 * which opens none.
 */
@Service
public class OrganisationService {

    /** Enough for every client of the largest national vendor and the organisations on their paths. */
    private static final int CACHED_ORGANISATIONS = 300_000;

    private final OrganisationRepository repository;
    private final Neo4jClient neo4jClient;
    private final ReadTransactions readTransactions;
    /**
     * Organisations as each clearance sees them, until a write changes that organisation (not any write): answers
     * served from the analysis caches then resolve their clients and paths without a database round trip, under a
     * steady stream of writes too.
     */
    private final VersionedCache<VisibleId, Organisation> byId;

    private record VisibleId(String id, Tlp clearance) {
    }

    OrganisationService(OrganisationRepository repository, Neo4jClient neo4jClient, ReadTransactions readTransactions,
                        GraphVersion graphVersion) {
        this.repository = repository;
        this.readTransactions = readTransactions;
        this.neo4jClient = neo4jClient;
        this.byId = VersionedCache.perOrganisation(graphVersion, CACHED_ORGANISATIONS, "OrganisationService", VisibleId::id);
    }

    /** The organisation, if the caller may see it: one above the caller's clearance is not found, like a missing one. */
    public Organisation require(String id) {
        return findAllById(List.of(id)).values().stream().findFirst()
                .orElseThrow(() -> new NotFoundException("Organisation", id));
    }

    /** The organisations among {@code ids} that exist and the caller may see. */
    public Map<String, Organisation> findAllById(Collection<String> ids) {
        Visibility visibility = Visibility.current();
        List<VisibleId> keys = ids.stream().distinct().map(id -> new VisibleId(id, visibility.clearance())).toList();
        return byId.getAll(keys, missing -> readTransactions.run(() -> repository.findVisible(
                                missing.stream().map(VisibleId::id).toList(), visibility.levels())).stream()
                        .collect(Collectors.toMap(o -> new VisibleId(o.id(), visibility.clearance()), Function.identity())))
                .values().stream().collect(Collectors.toMap(Organisation::id, Function.identity()));
    }

    /** A page in id order, optionally of one kind and one ICB. */
    @Transactional(readOnly = true)
    public Page<Organisation> page(OrganisationKind kind, String icbCode, int first, String after) {
        String kindName = kind == null ? null : kind.name();
        List<String> visible = Visibility.current().levels();
        List<Organisation> rows = repository.findPage(kindName, icbCode, Page.decodeCursor(after), Page.rowsToRead(first), visible);
        return Page.of(rows, first, Organisation::id, () -> repository.countVisible(kindName, icbCode, visible));
    }

    /**
     * Direct client counts. A caller who sees every marking gets them from relationship degrees, which Neo4j
     * keeps without scanning flows; anyone else has each flow and client checked against their clearance.
     */
    @Transactional(readOnly = true)
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
                .bind(visibility.seesEverything()).to("seesEverything")
                .fetch().all().stream()
                .collect(Collectors.toMap(row -> (String) row.get("id"), row -> ((Number) row.get("clients")).intValue()));
    }
}
