package org.exposuregraph.database;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
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
                return AuthTokens.basic(EmbeddedDatabase.USER, database.boltPassword);
            }
        };
    }

    /** A started embedded database and where it listens. */
    static final class EmbeddedDatabase {
        static final String USER = "neo4j";
        private static final int MIN_PASSWORD_LENGTH = 8;

        private final DatabaseManagementService service;
        private final GraphDatabaseService database;
        private final Path storeDir;
        private final boolean temporary;
        private final String boltPassword;

        private EmbeddedDatabase(DatabaseManagementService service, Path storeDir, boolean temporary, String boltPassword) {
            this.service = service;
            this.database = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            this.storeDir = storeDir;
            this.temporary = temporary;
            this.boltPassword = boltPassword;
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
                    // Bolt listens on localhost only, and still asks for a password: another local user or
                    // process must not read the graph around the API's keys, roles and TLP markings.
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    // A random password is not guessed; a lock-out after failed attempts would only let a
                    // local process lock the application out of its own database.
                    .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, embedded.pageCache().toBytes())
                    .setConfig(GraphDatabaseSettings.transaction_timeout, embedded.transactionTimeout())
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                    .build();
            String password = embedded.boltPassword() != null ? embedded.boltPassword() : randomPassword();
            if (password.length() < MIN_PASSWORD_LENGTH) {
                service.shutdown();
                throw new IllegalArgumentException("exposuregraph.embedded.bolt-password must have at least "
                        + MIN_PASSWORD_LENGTH + " characters");
            }
            // In process, the system database takes administration commands without credentials.
            service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            return new EmbeddedDatabase(service, storeDir, embedded.temporary(), password);
        }

        private static String randomPassword() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

        void unregisterTransactionEventListener(org.neo4j.graphdb.event.TransactionEventListener<?> listener) {
            service.unregisterTransactionEventListener(GraphDatabaseSettings.DEFAULT_DATABASE_NAME, listener);
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
