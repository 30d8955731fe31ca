package org.exposuregraph.api;

import java.util.List;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolver;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one place exceptions become GraphQL errors. Domain exceptions keep their message (written for
 * the caller); anything unexpected is logged here and answered opaquely, never with internals. Subscriptions
 * too: Spring for GraphQL hands an exception thrown by a {@code @SubscriptionMapping} method (a watch that is not
 * the caller's) or raised by its stream to the subscription resolvers, not to the data-fetcher ones, and without
 * one the client got an unclassified "Subscription error" over SSE and WebSocket.
 */
@Component
class GraphQlErrorResolver extends DataFetcherExceptionResolverAdapter implements SubscriptionExceptionResolver {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrorResolver.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        return resolve(ex, GraphqlErrorBuilder.newError(env), String.valueOf(env.getExecutionStepInfo().getPath()));
    }

    @Override
    public Mono<List<GraphQLError>> resolveException(Throwable ex) {
        return Mono.just(List.of(resolve(ex, GraphqlErrorBuilder.newError(), "a subscription")));
    }

    private static GraphQLError resolve(Throwable ex, GraphqlErrorBuilder<?> error, String where) {
        if (ex instanceof NotFoundException) {
            return error.errorType(ErrorType.NOT_FOUND).message(ex.getMessage()).build();
        }
        if (ex instanceof ForbiddenException) {
            return error.errorType(ErrorType.FORBIDDEN).message(ex.getMessage()).build();
        }
        if (ex instanceof BadRequestException) {
            return error.errorType(ErrorType.BAD_REQUEST).message(ex.getMessage()).build();
        }
        log.error("Unexpected failure in {}", where, ex);
        return error.errorType(ErrorType.INTERNAL_ERROR).message("Internal error; the server log has the details").build();
    }
}
