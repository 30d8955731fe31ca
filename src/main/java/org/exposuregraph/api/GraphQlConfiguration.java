package org.exposuregraph.api;

import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.scalars.ExtendedScalars;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.observation.DataFetcherObservationContext;

@Configuration(proxyBeanMethods = false)
class GraphQlConfiguration {

    /** Characters of document text the parsed-document cache holds, all documents together. */
    static final long PARSED_DOCUMENT_CHARACTERS = 2_000_000;

    @Bean
    RuntimeWiringConfigurer scalars() {
        return wiring -> wiring.scalar(ExtendedScalars.DateTime).scalar(ExtendedScalars.Date)
                .scalar(ExtendedScalars.GraphQLLong);
    }

    /**
     * Valid documents parsed and validated once, kept by their text: analysts, the graph page and pipelines send the
     * same few documents again and again, and parsing and validating one took more of a request's processor time than
     * answering it from the read model. Invalid documents are not kept (their errors are reported afresh). The limits
     * that depend on the caller (depth, complexity, cost, role) run at execution, cached or not.
     */
    @Bean
    GraphQlSourceBuilderCustomizer parsedDocumentCache() {
        Cache<String, PreparsedDocumentEntry> documents = Caffeine.newBuilder()
                .maximumWeight(PARSED_DOCUMENT_CHARACTERS)
                .weigher((String text, PreparsedDocumentEntry entry) -> text.length())
                .build();
        PreparsedDocumentProvider provider = (input, parseAndValidate) -> {
            PreparsedDocumentEntry entry = documents.getIfPresent(input.getQuery());
            if (entry == null) {
                entry = parseAndValidate.apply(input);
                if (!entry.hasErrors()) {
                    documents.put(input.getQuery(), entry);
                }
            }
            return CompletableFuture.completedFuture(entry);
        };
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(provider));
    }

    /**
     * Field timings ({@code graphql.datafetcher}) for the root fields only, the analyses: a page of 100 exposed
     * clients resolves several hundred nested fields, each of which would otherwise start and stop an observation.
     */
    @Bean
    ObservationPredicate rootFieldTimingsOnly() {
        return (name, context) -> !(context instanceof DataFetcherObservationContext field)
                || field.getEnvironment().getExecutionStepInfo().getPath().getLevel() <= 1;
    }
}
