package org.exposuregraph.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the embedded database keeps its store and how it is sized.
 *
 * @param dataDir  folder of the embedded store; data survives restarts there
 * @param embedded settings of the embedded database (ignored when {@code spring.neo4j.uri} is set)
 */
@ConfigurationProperties("exposuregraph")
public record DatabaseProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Embedded embedded) {

    /**
     * @param boltPort  Bolt port on localhost; 0 picks any free port
     * @param pageCache page cache size; a national-scale graph wants gigabytes
     * @param transactionTimeout longest a transaction may run before the database stops it
     * @param temporary delete the store when the application stops (tests, throwaway demos)
     * @param boltPassword password of the database user {@code neo4j} on the Bolt port; none set = a random
     *                     one for each run, known only to the application (no other client can connect)
     */
    public record Embedded(@DefaultValue("7687") int boltPort,
                           @DefaultValue("128MB") DataSize pageCache,
                           @DefaultValue("60s") java.time.Duration transactionTimeout,
                           @DefaultValue("false") boolean temporary,
                           String boltPassword) {

        @Override
        public String toString() {
            return "Embedded[boltPort=" + boltPort + ", pageCache=" + pageCache + ", transactionTimeout=" + transactionTimeout
                    + ", temporary=" + temporary + ", boltPassword=" + (boltPassword == null ? "random" : "(set)") + "]";
        }
    }
}
