package org.exposuregraph.taxonomy;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.exposuregraph.database.GraphVersion;
import org.exposuregraph.database.VersionedCache;
import org.exposuregraph.graph.ReadTransactions;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;

/**
 * Reads the data-category taxonomy. It is small (tens to hundreds of nodes) and nearly every answer names
 * categories, so it is read whole once per graph version and served from memory: in a read transaction of its
 * own (a cluster routes it to a follower) when the version moved, without opening a session otherwise.
 */
@Service
public class TaxonomyService {

    private static final String CATEGORY_FIELDS = """
            RETURN c.id AS id, c.name AS name, c.description AS description,
                   coalesce(c.specialCategory, false) AS specialCategory,
                   coalesce(c.sensitivePopulation, false) AS sensitivePopulation,
                   coalesce(c.sensitivity, 1) AS sensitivity,
                   [(c)-[:SUBCATEGORY_OF]->(p) | p.id][0] AS parentId
            """;

    private final Neo4jClient neo4jClient;
    private final ReadTransactions readTransactions;
    private final VersionedCache<Boolean, Taxonomy> whole;

    /** The taxonomy as read, with the look-ups every caller needs built once. */
    private record Taxonomy(List<DataCategory> all, Map<String, DataCategory> byId,
                            Map<String, List<DataCategory>> childrenByParent) {

        static Taxonomy of(List<DataCategory> all) {
            return new Taxonomy(all, all.stream().collect(Collectors.toUnmodifiableMap(DataCategory::id, Function.identity())),
                    all.stream().filter(c -> c.parentId() != null)
                            .sorted(Comparator.comparing(DataCategory::name))
                            .collect(Collectors.groupingBy(DataCategory::parentId)));
        }
    }

    TaxonomyService(Neo4jClient neo4jClient, ReadTransactions readTransactions, GraphVersion graphVersion) {
        this.neo4jClient = neo4jClient;
        this.readTransactions = readTransactions;
        this.whole = new VersionedCache<>(graphVersion, 1);
    }

    private Taxonomy taxonomy() {
        return whole.get(Boolean.TRUE, () -> readTransactions.run(() -> Taxonomy.of(List.copyOf(neo4jClient.query(
                        "MATCH (c:DataCategory) " + CATEGORY_FIELDS + " ORDER BY parentId IS NOT NULL, name")
                .fetchAs(DataCategory.class).mappedBy((types, row) -> map(row)).all()))));
    }

    /** Roots first, then by name, so a client can build the tree in one pass. */
    public List<DataCategory> all() {
        return taxonomy().all();
    }

    /** The whole taxonomy by id, for analytics that flag categories in bulk. */
    public Map<String, DataCategory> byId() {
        return taxonomy().byId();
    }

    /**
     * The given categories that exist plus all their narrower categories, in id order (asking for Health
     * includes Mental health). Unknown ids are left out, so callers can report them.
     */
    public SortedSet<String> withDescendants(Collection<String> ids) {
        Map<String, List<DataCategory>> children = taxonomy().childrenByParent();
        Map<String, DataCategory> known = byId();
        SortedSet<String> result = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(ids.stream().filter(known::containsKey).toList());
        while (!next.isEmpty()) {
            String id = next.pop();
            if (result.add(id)) {
                children.getOrDefault(id, List.of()).forEach(child -> next.push(child.id()));
            }
        }
        return result;
    }

    public Map<String, DataCategory> findAllById(Collection<String> ids) {
        Map<String, DataCategory> known = byId();
        return ids.stream().distinct().filter(known::containsKey)
                .collect(Collectors.toMap(Function.identity(), known::get));
    }

    /** Narrower categories of each parent, by name. */
    public Map<String, List<DataCategory>> childrenOf(Collection<String> parentIds) {
        Map<String, List<DataCategory>> children = taxonomy().childrenByParent();
        return parentIds.stream().distinct().filter(children::containsKey)
                .collect(Collectors.toMap(Function.identity(), children::get));
    }

    private static DataCategory map(org.neo4j.driver.Record row) {
        return new DataCategory(row.get("id").asString(), row.get("name").asString(),
                row.get("description").asString(null), row.get("specialCategory").asBoolean(),
                row.get("sensitivePopulation").asBoolean(), row.get("sensitivity").asInt(),
                row.get("parentId").asString(null));
    }
}
