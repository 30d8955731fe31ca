package org.exposuregraph.support;

import org.exposuregraph.graph.ChangeFeed;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A GraphQL tester and an HTTP client that speak real HTTP to the running server as ADMIN, and graph fixtures. */
@TestConfiguration(proxyBeanMethods = false)
public class TestSupportConfiguration {

    @Bean
    @Lazy
    HttpGraphQlTester graphQlTester(@Value("${local.server.port}") int port) {
        return HttpGraphQlTester.create(TestClients.withKey(port, "/graphql", TestKeys.ADMIN));
    }

    @Bean
    @Lazy
    WebTestClient httpClient(@Value("${local.server.port}") int port) {
        return TestClients.withKey(port, "", TestKeys.ADMIN);
    }

    @Bean
    GraphFixtures graphFixtures(Neo4jClient neo4jClient, ChangeFeed changeFeed) {
        return new GraphFixtures(neo4jClient, changeFeed);
    }
}
