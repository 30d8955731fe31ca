package org.exposuregraph.database;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.neo4j.autoconfigure.Neo4jConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code spring.neo4j.uri}, a real Neo4j 5.26 runs in this JVM and the
 * driver reaches it over Bolt on localhost, exactly as it would reach a server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.neo4j.uri:}'.isEmpty()")
@EnableConfigurationProperties(DatabaseProperties.class)
class EmbeddedNeo4jConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedNeo4jConfiguration.class);

    @Bean(destroyMethod = "stop")
    EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) {
        return EmbeddedDatabase.start(properties);
    }

    /** In-process writes for bulk imports. */
    @Bean
    InProcessGraph inProcessGraph(EmbeddedDatabase database) {
        return new InProcessGraph(database.database());
    }

    /** Replaces Boot's property-based connection details, so the driver is created after the database. */
    @Bean
    Neo4jConnectionDetails embeddedConnectionDetails(EmbeddedDatabase database) {
        URI uri = database.boltUri();
        return new Neo4jConnectionDetails() {
            @Override
            public URI getUri() {
                return uri;
            }

            @Override
            public AuthToken getAuthToken() {
                return AuthTokens.none();
            }
        };
    }

    /** A started embedded database and where it listens. */
    static final class EmbeddedDatabase {
        private final DatabaseManagementService service;
        private final GraphDatabaseService database;
        private final Path storeDir;
        private final boolean temporary;

        private EmbeddedDatabase(DatabaseManagementService service, Path storeDir, boolean temporary) {
            this.service = service;
            this.database = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            this.storeDir = storeDir;
            this.temporary = temporary;
        }

        static EmbeddedDatabase start(DatabaseProperties properties) {
            DatabaseProperties.Embedded embedded = properties.embedded();
            Path storeDir = properties.dataDir().toAbsolutePath().normalize();
            log.info("Starting embedded Neo4j in {} (page cache {})", storeDir, embedded.pageCache());
            DatabaseManagementService service = new DatabaseManagementServiceBuilder(storeDir)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("localhost", embedded.boltPort()))
                    // Boot's Netty 4.2 cannot run Neo4j's in-JVM local connector (neo4j/neo4j#13660).
                    .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    // Bolt listens on localhost only; the application is the only intended client.
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, embedded.pageCache().toBytes())
                    .setConfig(GraphDatabaseSettings.transaction_timeout, embedded.transactionTimeout())
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                    .build();
            return new EmbeddedDatabase(service, storeDir, embedded.temporary());
        }

        URI boltUri() {
            ConnectorPortRegister ports = ((GraphDatabaseAPI) database).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class);
            var address = ports.getLocalAddress(ConnectorType.BOLT);
            return URI.create("bolt://localhost:" + address.getPort());
        }

        /** Calls the listener after every commit to the default database (see {@link GraphVersion}). */
        void registerTransactionEventListener(org.neo4j.graphdb.event.TransactionEventListener<?> listener) {
            service.registerTransactionEventListener(GraphDatabaseSettings.DEFAULT_DATABASE_NAME, listener);
        }

        /** The in-process database, for bulk writes that should not pay for Bolt round trips. */
        GraphDatabaseService database() {
            return database;
        }

        void stop() throws IOException {
            service.shutdown();
            if (temporary) {
                deleteRecursively(storeDir);
            }
        }

        private static void deleteRecursively(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
