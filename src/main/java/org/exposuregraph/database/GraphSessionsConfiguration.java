package org.exposuregraph.database;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.neo4j.core.transaction.Neo4jBookmarkManager;

/**
 * One bookmark manager for the whole application. Without this bean Spring Data Neo4j gives the Neo4jClient and
 * the transaction manager a manager each, and {@link GraphSessions} would need a third: a read in one of them
 * would not wait for a write committed through another, and a cluster follower could answer from before it.
 */
@Configuration(proxyBeanMethods = false)
class GraphSessionsConfiguration {

    @Bean
    Neo4jBookmarkManager bookmarkManager() {
        return Neo4jBookmarkManager.create();
    }
}
