package org.exposuregraph.api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * GraphiQL at {@code /graphiql}, entirely from the application: the page and its start script from
 * {@code classpath:graphiql-page/}, GraphiQL and React from WebJars. Spring for GraphQL's own page loads them
 * from a CDN, which the application's Content-Security-Policy blocks and an offline network cannot reach, so it
 * is switched off ({@code spring.graphql.graphiql.enabled=false}) and this one takes its path. The page holds
 * no data; every query it sends needs an API key like any other client.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "exposuregraph.graphiql.enabled", matchIfMissing = true)
class GraphiQlPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/graphiql").setViewName("forward:/graphiql/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/graphiql/**").addResourceLocations("classpath:/graphiql-page/");
    }
}
