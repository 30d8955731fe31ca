package org.exposuregraph.database;

import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListenerAdapter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes {@link GraphVersion}: tracked by a commit listener on the embedded database, unknown for a server. */
@Configuration(proxyBeanMethods = false)
class GraphVersionConfiguration {

    @Bean
    GraphVersion graphVersion(ObjectProvider<EmbeddedNeo4jConfiguration.EmbeddedDatabase> embedded) {
        EmbeddedNeo4jConfiguration.EmbeddedDatabase database = embedded.getIfAvailable();
        if (database == null) {
            return GraphVersion.unknown();
        }
        GraphVersion version = GraphVersion.tracked();
        database.registerTransactionEventListener(new TransactionEventListenerAdapter<Object>() {
            @Override
            public void afterCommit(TransactionData data, Object state, GraphDatabaseService databaseService) {
                version.committed(data);
            }
        });
        return version;
    }
}
