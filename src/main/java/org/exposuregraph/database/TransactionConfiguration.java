package org.exposuregraph.database;

import org.neo4j.driver.Driver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.neo4j.core.DatabaseSelectionProvider;
import org.springframework.data.neo4j.core.transaction.Neo4jTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/** The one transaction manager: Spring Data Neo4j's, with request deadlines applied (Boot's own backs off). */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

    @Bean
    PlatformTransactionManager transactionManager(Driver driver, ObjectProvider<DatabaseSelectionProvider> databases,
                                                  ApplicationContext context) {
        Neo4jTransactionManager neo4j = Neo4jTransactionManager.with(driver)
                .withDatabaseSelectionProvider(databases.getIfAvailable(DatabaseSelectionProvider::getDefaultSelectionProvider))
                .build();
        neo4j.setApplicationContext(context);
        return new DeadlineTransactionManager(neo4j);
    }
}
