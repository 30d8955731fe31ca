package org.exposuregraph.database;

import ac.simons.neo4j.migrations.core.Migrations;
import ac.simons.neo4j.migrations.core.MigrationsConfig;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Brings the schema up to date before anything reads or writes. The Cypher files live in the top-level
 * {@code cypher/migrations} folder and travel inside the jar, so {@code java -jar} works from any folder.
 */
@Component
public class SchemaMigrations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    static final String LOCATION = "classpath:cypher/migrations";

    private final Driver driver;
    private final GraphSessions sessions;

    SchemaMigrations(Driver driver, GraphSessions sessions) {
        this.driver = driver;
        this.sessions = sessions;
    }

    @Override
    public void afterPropertiesSet() {
        MigrationsConfig config = MigrationsConfig.builder()
                .withLocationsToScan(LOCATION)
                .withTransactionMode(MigrationsConfig.TransactionMode.PER_STATEMENT)
                // The configured database, not the server's default: a cluster may host several.
                .withDatabase(sessions.databaseName())
                .withSchemaDatabase(sessions.databaseName())
                .build();
        new Migrations(config, driver).apply()
                .ifPresent(version -> log.info("Graph schema at version {}", version.getValue()));
    }
}
