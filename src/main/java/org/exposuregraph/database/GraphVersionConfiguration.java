package org.exposuregraph.database;

import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.storageengine.api.TransactionIdStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes {@link GraphVersion}: the embedded store's last committed transaction, or unknown for a server. */
@Configuration(proxyBeanMethods = false)
class GraphVersionConfiguration {

    @Bean
    GraphVersion graphVersion(ObjectProvider<EmbeddedNeo4jConfiguration.EmbeddedDatabase> embedded) {
        EmbeddedNeo4jConfiguration.EmbeddedDatabase database = embedded.getIfAvailable();
        if (database == null) {
            return new GraphVersion(() -> GraphVersion.UNKNOWN);
        }
        TransactionIdStore ids = ((GraphDatabaseAPI) database.database()).getDependencyResolver()
                .resolveDependency(TransactionIdStore.class);
        return new GraphVersion(ids::getLastCommittedTransactionId);
    }
}
