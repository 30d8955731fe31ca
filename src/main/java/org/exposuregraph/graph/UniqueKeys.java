package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.neo4j.core.Neo4jClient;

/**
 * The organisation properties under a uniqueness constraint (cypher/migrations V0001). Imports check them
 * before writing, so that the constraint never fails in the middle of a write (an HTTP 500, and in the
 * inventory's batches a half-written file).
 */
public final class UniqueKeys {

    static final List<String> ORGANISATION = List.of("odsCode", "companyNumber", "domain");

    private UniqueKeys() {
    }

    /** The values in {@code idByValue} (value -> the organisation id given it) that another organisation holds. */
    public static List<String> takenInGraph(Neo4jClient neo4jClient, String property, Map<String, String> idByValue) {
        if (!ORGANISATION.contains(property)) {
            throw new IllegalArgumentException("not a unique organisation property: " + property);
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        idByValue.forEach((value, id) -> pairs.add(Map.of("value", value, "id", id)));
        List<String> taken = new ArrayList<>();
        for (int from = 0; from < pairs.size(); from += 10_000) {
            taken.addAll(neo4jClient.query("""
                            UNWIND $pairs AS pair
                            MATCH (o:Organisation) WHERE o.%s = pair.value AND o.id <> pair.id
                            RETURN DISTINCT pair.value""".formatted(property))
                    .bind(pairs.subList(from, Math.min(pairs.size(), from + 10_000))).to("pairs")
                    .fetchAs(String.class).all());
        }
        return taken;
    }

    /** The organisation's values of the unique properties, by property; absent ones left out. */
    public static Map<String, String> of(String odsCode, String companyNumber, String domain) {
        Map<String, String> values = new HashMap<>();
        if (odsCode != null) {
            values.put("odsCode", odsCode);
        }
        if (companyNumber != null) {
            values.put("companyNumber", companyNumber);
        }
        if (domain != null) {
            values.put("domain", domain);
        }
        return values;
    }
}
