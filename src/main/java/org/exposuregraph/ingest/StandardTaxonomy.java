package org.exposuregraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

import org.exposuregraph.database.SchemaMigrations;
import org.exposuregraph.graph.ImportReport;
import org.exposuregraph.graph.NativeDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;

/**
 * The standard data categories ({@code seed-data/taxonomy.json}) load with the schema, seed or no seed: every
 * import names categories, so a graph without them rejects every inventory row. At each start the categories of
 * the standard taxonomy that the graph lacks are written, through the native importer (one change entry);
 * categories already there are left as they are, so edits to them survive and a second start writes nothing.
 */
@Component
class StandardTaxonomy implements InitializingBean {

    static final String LOCATION = "classpath:seed-data/taxonomy.json";
    private static final Logger log = LoggerFactory.getLogger(StandardTaxonomy.class);

    private final NativeImporter importer;
    private final Neo4jClient neo4jClient;
    private final ResourceLoader resources;

    // Taking the migrations bean orders this after the schema.
    StandardTaxonomy(NativeImporter importer, Neo4jClient neo4jClient, ResourceLoader resources, SchemaMigrations migrations) {
        this.importer = importer;
        this.neo4jClient = neo4jClient;
        this.resources = resources;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        NativeDocument taxonomy;
        try (InputStream input = resources.getResource(LOCATION).getInputStream()) {
            taxonomy = importer.read(input);
        }
        Set<String> present = Set.copyOf(neo4jClient.query("MATCH (c:DataCategory) WHERE c.id IN $ids RETURN c.id")
                .bind(taxonomy.dataCategories().stream().map(NativeDocument.CategoryRow::id).toList()).to("ids")
                .fetchAs(String.class).all());
        List<NativeDocument.CategoryRow> missing = taxonomy.dataCategories().stream()
                .filter(c -> !present.contains(c.id())).toList();
        if (missing.isEmpty()) {
            return;
        }
        ImportReport report = importer.importDocument(new NativeDocument(NativeDocument.FORMAT, 1, null, missing, null, null,
                null, null, null, null, null, null, null, null, null));
        if (!report.accepted()) {
            throw new IllegalStateException("The standard taxonomy " + LOCATION + " was rejected: " + report.rejected());
        }
        log.info("Standard taxonomy: {} missing data categories written", missing.size());
    }
}
