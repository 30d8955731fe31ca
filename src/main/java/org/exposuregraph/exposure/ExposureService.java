package org.exposuregraph.exposure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.exposuregraph.api.BadRequestException;
import org.exposuregraph.organisation.OrganisationService;
import org.exposuregraph.provenance.FactRows;
import org.exposuregraph.taxonomy.DataCategory;
import org.exposuregraph.taxonomy.TaxonomyService;
import org.neo4j.driver.Value;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Answers "this vendor is breached: who is exposed, with what data, through which chain?". */
@Service
@Transactional(readOnly = true)
public class ExposureService {

    /** Longest client → vendor chain a caller may ask for, in hops. */
    public static final int MAX_DEPTH = 6;

    private final Neo4jClient neo4jClient;
    private final OrganisationService organisations;
    private final TaxonomyService taxonomy;
    /** The vendor-exposure query for each depth, since Cypher cannot take a path bound as a parameter. */
    private final List<String> exposureQueryByDepth;

    ExposureService(Neo4jClient neo4jClient, OrganisationService organisations, TaxonomyService taxonomy) {
        this.neo4jClient = neo4jClient;
        this.organisations = organisations;
        this.taxonomy = taxonomy;
        String template = CypherQueries.load("vendor-exposure");
        this.exposureQueryByDepth = IntStream.rangeClosed(0, MAX_DEPTH)
                .mapToObj(depth -> template.replace("$maxSubProcessing", Integer.toString(Math.max(depth - 1, 0))))
                .toList();
    }

    public VendorExposure vendorExposure(String vendorId, Integer maxDepth) {
        int depth = BadRequestException.requireInRange("maxDepth", maxDepth, 1, MAX_DEPTH);
        organisations.require(vendorId);
        Map<String, DataCategory> categories = taxonomy.byId();
        List<ExposedClient> clients = List.copyOf(neo4jClient.query(exposureQueryByDepth.get(depth))
                .bind(vendorId).to("vendorId")
                .fetchAs(ExposedClient.class)
                .mappedBy((types, row) -> exposedClient(row.get("clientId").asString(), row.get("categories"),
                        row.get("hops").asInt(), row.get("path"), row.get("people"), row.get("confidence").asInt(),
                        row.get("disputed").asBoolean(), categories))
                .all());
        return summarise(vendorId, clients, categories);
    }

    private static ExposedClient exposedClient(String clientId, Value categoryIds, int hops, Value path, Value people,
                                               int confidence, boolean disputed, Map<String, DataCategory> categories) {
        List<String> ids = FactRows.strings(categoryIds);
        boolean special = ids.stream().map(categories::get).anyMatch(c -> c != null && c.specialCategory());
        boolean population = ids.stream().map(categories::get).anyMatch(c -> c != null && c.sensitivePopulation());
        return new ExposedClient(clientId, ids, special, population, hops, FactRows.strings(path),
                FactRows.integer(people), confidence, disputed);
    }

    static VendorExposure summarise(String vendorId, List<ExposedClient> clients, Map<String, DataCategory> categories) {
        Set<String> union = new LinkedHashSet<>();
        long people = 0;
        boolean anyPeopleKnown = false;
        for (ExposedClient client : clients) {
            union.addAll(client.categoryIds());
            if (client.people() != null) {
                people += client.people();
                anyPeopleKnown = true;
            }
        }
        List<String> ordered = new ArrayList<>(union);
        ordered.sort(java.util.Comparator.comparing((String id) -> categories.containsKey(id) ? -categories.get(id).sensitivity() : 0)
                .thenComparing(id -> id));
        boolean special = clients.stream().anyMatch(ExposedClient::specialCategory);
        return new VendorExposure(vendorId, clients, ordered, clients.size(), anyPeopleKnown ? people : null, special);
    }
}
