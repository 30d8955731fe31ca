package org.exposuregraph.ingest;

import org.exposuregraph.graph.ImportReport;
import java.io.IOException;
import java.io.InputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;

/**
 * Loads the seed (the data-category taxonomy and the Stor-a-File case) through the native importer when
 * the application starts on a graph without organisations, before it serves requests. A graph that holds any
 * organisation is left alone, so users' own data and edits survive restarts. The standard taxonomy itself loads
 * whether or not the seed does ({@link StandardTaxonomy}).
 */
@Component
@EnableConfigurationProperties(SeedProperties.class)
class SeedLoader implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SeedLoader.class);

    private final SeedProperties properties;
    private final NativeImporter importer;
    private final Neo4jClient neo4jClient;
    private final ResourceLoader resources;

    // Taking the migrations and taxonomy beans orders the seed after the schema and the standard categories.
    SeedLoader(SeedProperties properties, NativeImporter importer, Neo4jClient neo4jClient, ResourceLoader resources,
               org.exposuregraph.database.SchemaMigrations migrations, StandardTaxonomy taxonomy) {
        this.resources = resources;
        this.properties = properties;
        this.importer = importer;
        this.neo4jClient = neo4jClient;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        if (!properties.enabled()) {
            return;
        }
        if (!graphIsEmpty()) {
            log.info("Graph already holds organisations; seed not loaded");
            return;
        }
        for (String location : properties.files()) {
            Resource file = resources.getResource(location);
            try (InputStream input = file.getInputStream()) {
                ImportReport report = importer.importDocument(input);
                if (!report.accepted()) {
                    throw new IllegalStateException("Seed file " + file + " was rejected: " + report.rejected());
                }
                log.info("Seeded from {}: {} created", file.getFilename(), report.created());
            }
        }
    }

    private boolean graphIsEmpty() {
        return neo4jClient.query("""
                        RETURN NOT EXISTS { MATCH (:Organisation) } AS empty
                        """)
                .fetchAs(Boolean.class).one().orElse(true);
    }
}
