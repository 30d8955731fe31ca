package org.exposuregraph.database;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exposes {@link GraphVersion}: tracked by a commit listener on the embedded database, following the change record for a server. */
@Configuration(proxyBeanMethods = false)
class GraphVersionConfiguration {

    @Bean
    GraphVersion graphVersion(ObjectProvider<EmbeddedNeo4jConfiguration.EmbeddedDatabase> embedded) {
        EmbeddedNeo4jConfiguration.EmbeddedDatabase database = embedded.getIfAvailable();
        if (database == null) {
            return GraphVersion.followingTheChangeRecord();
        }
        return GraphVersion.tracked(database::registerTransactionEventListener, database::unregisterTransactionEventListener);
    }
}
