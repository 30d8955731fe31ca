package org.exposuregraph.database;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.neo4j.driver.observation.micrometer.ConnectionPoolMetricsHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Neo4j driver's connection pool in {@code /actuator/prometheus} (docs/operations.md), in every mode: the
 * embedded database is reached through the same driver over its own Bolt port. Driver 6 reports its pool only
 * as Micrometer observations (Boot's {@code Neo4jObservationAutoConfiguration} plugs them in); the driver's own
 * {@link ConnectionPoolMetricsHandler} turns them into gauges ({@code db.client.connection.count} by state,
 * pending acquisitions, maximum size, timeouts), and the meter handler times waits and uses.
 */
@Configuration(proxyBeanMethods = false)
class DriverPoolMetrics {

    /** The driver's own pool meters beside the standard {@code db.client.connection.*} ones. */
    private static final String POOL_METERS = "neo4j.db.client.connection.";

    @Bean
    ConnectionPoolMetricsHandler driverConnectionPoolMetrics(MeterRegistry registry) {
        return new ConnectionPoolMetricsHandler(registry);
    }

    /**
     * Drops the driver's other timers ({@code neo4j.db.client.session.run}, {@code …result.next}, Bolt exchanges, …):
     * one series per query, transaction and fetched batch says less than the GraphQL timings and would swell every
     * scrape. The observations themselves must stay on: the driver casts their contexts and fails with a no-op one
     * (an {@code ObservationPredicate} that switches them off breaks the first query).
     */
    @Bean
    MeterFilter onlyDriverPoolMeters() {
        return MeterFilter.deny(id -> id.getName().startsWith("neo4j.") && !id.getName().startsWith(POOL_METERS));
    }
}
