package org.exposuregraph.taxonomy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the data-category taxonomy. It is small (tens to hundreds of nodes), so reads are whole. */
@Service
@Transactional(readOnly = true)
public class TaxonomyService {

    private static final String CATEGORY_FIELDS = """
            RETURN c.id AS id, c.name AS name, c.description AS description,
                   coalesce(c.specialCategory, false) AS specialCategory,
                   coalesce(c.sensitivePopulation, false) AS sensitivePopulation,
                   coalesce(c.sensitivity, 1) AS sensitivity,
                   [(c)-[:SUBCATEGORY_OF]->(p) | p.id][0] AS parentId
            """;

    private final Neo4jClient neo4jClient;

    TaxonomyService(Neo4jClient neo4jClient) {
        this.neo4jClient = neo4jClient;
    }

    /** Roots first, then by name, so a client can build the tree in one pass. */
    public List<DataCategory> all() {
        return List.copyOf(neo4jClient.query("MATCH (c:DataCategory) " + CATEGORY_FIELDS
                        + " ORDER BY parentId IS NOT NULL, name")
                .fetchAs(DataCategory.class).mappedBy((types, row) -> map(row)).all());
    }

    /** The whole taxonomy by id, for analytics that flag categories in bulk. */
    public Map<String, DataCategory> byId() {
        return all().stream().collect(Collectors.toMap(DataCategory::id, Function.identity()));
    }

    /**
     * The given categories that exist plus all their narrower categories, in id order (asking for Health
     * includes Mental health). Unknown ids are left out, so callers can report them.
     */
    public java.util.SortedSet<String> withDescendants(Collection<String> ids) {
        return new java.util.TreeSet<>(neo4jClient.query("""
                        UNWIND $ids AS id
                        MATCH (:DataCategory {id: id})<-[:SUBCATEGORY_OF*0..10]-(c:DataCategory)
                        RETURN DISTINCT c.id AS id""")
                .bind(List.copyOf(ids)).to("ids")
                .fetchAs(String.class).mappedBy((types, row) -> row.get("id").asString()).all());
    }

    public Map<String, DataCategory> findAllById(Collection<String> ids) {
        return neo4jClient.query("UNWIND $ids AS id MATCH (c:DataCategory {id: id}) " + CATEGORY_FIELDS)
                .bind(List.copyOf(ids)).to("ids")
                .fetchAs(DataCategory.class).mappedBy((types, row) -> map(row)).all().stream()
                .collect(Collectors.toMap(DataCategory::id, Function.identity()));
    }

    public Map<String, List<DataCategory>> childrenOf(Collection<String> parentIds) {
        return neo4jClient.query("""
                        UNWIND $ids AS parentId
                        MATCH (c:DataCategory)-[:SUBCATEGORY_OF]->(:DataCategory {id: parentId})
                        """ + CATEGORY_FIELDS + " ORDER BY name")
                .bind(List.copyOf(parentIds)).to("ids")
                .fetchAs(DataCategory.class).mappedBy((types, row) -> map(row)).all().stream()
                .collect(Collectors.groupingBy(DataCategory::parentId));
    }

    private static DataCategory map(org.neo4j.driver.Record row) {
        return new DataCategory(row.get("id").asString(), row.get("name").asString(),
                row.get("description").asString(null), row.get("specialCategory").asBoolean(),
                row.get("sensitivePopulation").asBoolean(), row.get("sensitivity").asInt(),
                row.get("parentId").asString(null));
    }
}
