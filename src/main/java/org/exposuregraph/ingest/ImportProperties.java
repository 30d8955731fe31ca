package org.exposuregraph.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param batchSize rows per write transaction of the large formats (inventory)
 * @param writers   parallel writer threads for inventory data flows, each owning a disjoint set of clients
 * @param maxReportedRejections rejected lines listed one by one in a report; the rest are counted
 * @param maxKeptRows inventory rows an import keeps in memory rather than read its file again (null: {@link #keptRows})
 */
@ConfigurationProperties("exposuregraph.import")
public record ImportProperties(@DefaultValue("5000") int batchSize, @DefaultValue("2") int writers,
                               @DefaultValue("10000") int maxReportedRejections, Long maxKeptRows) {

    /**
     * Inventory rows an import keeps in memory rather than read its file again: unless set, one per kibibyte of heap
     * (4 million for 4 GB). The check keeps its rows, a data flow's repeated values shared (about 80 bytes a flow);
     * a writer that reads the file keeps the flows of its later rounds, a few hundred bytes each.
     */
    public long keptRows() {
        return maxKeptRows != null ? maxKeptRows : Runtime.getRuntime().maxMemory() / 1024;
    }
}
