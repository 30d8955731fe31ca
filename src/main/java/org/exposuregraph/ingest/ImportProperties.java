package org.exposuregraph.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param batchSize rows per write transaction of the large formats (inventory)
 * @param writers   parallel writer threads for inventory data flows, each owning a disjoint set of clients
 * @param maxReportedRejections rejected lines listed one by one in a report; the rest are counted
 */
@ConfigurationProperties("exposuregraph.import")
public record ImportProperties(@DefaultValue("5000") int batchSize, @DefaultValue("2") int writers,
                               @DefaultValue("10000") int maxReportedRejections) {
}
