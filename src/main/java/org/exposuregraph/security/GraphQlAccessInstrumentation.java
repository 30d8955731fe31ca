package org.exposuregraph.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.schema.DataFetcher;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The checks that depend on the GraphQL operation, in one place: role checks, the work-weighted cost budget
 * per role ({@link QueryCost}), the cap on concurrent expensive requests per key, the per-request deadline,
 * and the audit record of every operation. The key is taken from the HTTP request into the GraphQL context,
 * so checks do not depend on which thread runs them. (Depth and field-count limits are graphql-java's own
 * instrumentations, configured in {@link SecurityConfiguration}.)
 */
// Its limits are bound here, not in the web-only SecurityConfiguration: the command-line import runs it too.
@Component
@EnableConfigurationProperties(LimitProperties.class)
class GraphQlAccessInstrumentation extends SimplePerformantInstrumentation implements WebGraphQlInterceptor {

    /** Classifications of the refusals made here, beside Spring's {@link ErrorType}s. */
    enum LimitError implements ErrorClassification {
        QUERY_TOO_COSTLY, TOO_MANY_EXPENSIVE_REQUESTS, DEADLINE_EXCEEDED
    }

    private static final String OPERATION_TYPE = "exposuregraph.operationType";
    private static final String OPERATION_NAME = "exposuregraph.operationName";
    private static final String OPERATION_FIELDS = "exposuregraph.operationFields";
    private static final String ADDRESS = "exposuregraph.address";
    private static final String COST = "exposuregraph.cost";
    private static final String DEADLINE = "exposuregraph.deadline";
    private static final String EXPENSIVE_PERMIT = "exposuregraph.expensivePermit";

    private final AuditLog audit;
    private final LimitProperties limits;
    private final Map<String, Semaphore> expensive = new ConcurrentHashMap<>();

    GraphQlAccessInstrumentation(AuditLog audit, LimitProperties limits) {
        this.audit = audit;
        this.limits = limits;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        var key = CurrentKey.get();
        String address = address(request.getRemoteAddress());
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(context -> {
            key.ifPresent(k -> context.put(ApiKeyAuthentication.class, k));
            if (address != null) {
                context.put(ADDRESS, address);
            }
        }).build());
        return chain.next(request);
    }

    /** A client's address as the audit log and the wrong-key counts name it; null when unknown. */
    static String address(java.net.InetSocketAddress remote) {
        if (remote == null) {
            return null;
        }
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                         InstrumentationState state) {
        var context = parameters.getExecutionContext();
        GraphQLContext graphQl = context.getGraphQLContext();
        OperationDefinition.Operation type = context.getOperationDefinition().getOperation();
        graphQl.put(OPERATION_TYPE, type);
        if (context.getOperationDefinition().getName() != null) {
            graphQl.put(OPERATION_NAME, context.getOperationDefinition().getName());
        }
        // The root fields, so the audit names what was done whatever the client called its operation.
        graphQl.put(OPERATION_FIELDS, context.getOperationDefinition().getSelectionSet().getSelections()
                .stream().filter(Field.class::isInstance).map(s -> ((Field) s).getName()).collect(Collectors.joining(",")));
        ApiKeyAuthentication key = graphQl.get(ApiKeyAuthentication.class);
        if (type == OperationDefinition.Operation.MUTATION && (key == null || !key.role().includes(Role.EDITOR))) {
            throw refusal(ErrorType.FORBIDDEN, "Mutations need a key with role EDITOR or higher");
        }
        int cost = QueryCost.of(context);
        graphQl.put(COST, cost);
        Role role = key == null ? Role.READER : key.role();
        int budget = limits.budget(role);
        if (cost > budget) {
            throw refusal(LimitError.QUERY_TOO_COSTLY, "This request costs %d, over the budget of %d for a %s key"
                    .formatted(cost, budget, role) + " (exposuregraph.security.limits." + role.name().toLowerCase()
                    + "-budget; an analysis costs " + QueryCost.ANALYSIS + ", a list its selection times 'first'):"
                    + " ask for fewer analyses or smaller pages");
        }
        if (cost >= limits.expensiveCost() && key != null) {
            Semaphore permits = expensive.computeIfAbsent(key.getName(), name -> new Semaphore(limits.concurrentExpensive()));
            if (!permits.tryAcquire()) {
                throw refusal(LimitError.TOO_MANY_EXPENSIVE_REQUESTS, ("This request costs %d: this key already runs %d"
                        + " requests costing %d or more, the most at once (exposuregraph.security.limits.concurrent-expensive)")
                        .formatted(cost, limits.concurrentExpensive(), limits.expensiveCost()));
            }
            graphQl.put(EXPENSIVE_PERMIT, permits);
        }
        graphQl.put(DEADLINE, System.nanoTime() + limits.deadline().toNanos());
        return SimpleInstrumentationContext.noOp();
    }

    private static AbortExecutionException refusal(ErrorClassification classification, String message) {
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError().errorType(classification).message(message).build()));
    }

    /**
     * Runs each non-trivial fetch under the request's deadline: nothing starts after it, the read transactions it
     * opens time out at it (their timeout is the time left, {@link RequestDeadline}, so the database stops the
     * work), and a fetch that fails past it answers DEADLINE_EXCEEDED.
     */
    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters,
                                                InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return dataFetcher;
        }
        return environment -> {
            Long deadline = environment.getGraphQlContext().get(DEADLINE);
            if (deadline == null) {
                return dataFetcher.get(environment);
            }
            if (System.nanoTime() >= deadline) {
                return deadlineExceeded(environment);
            }
            Object result;
            try {
                result = RequestDeadline.within(deadline, () -> dataFetcher.get(environment));
            } catch (Exception e) {
                if (stoppedByTheDeadline(e, deadline)) {
                    return deadlineExceeded(environment);
                }
                throw e;
            }
            // Annotated controllers answer with a future that holds their failure (Spring resolves it later):
            // the deadline's refusal must be read there too, before the error resolver calls it internal.
            if (result instanceof CompletionStage<?> pending) {
                return pending.handle((value, failure) -> {
                    if (failure == null) {
                        return value;
                    }
                    if (stoppedByTheDeadline(failure, deadline)) {
                        return deadlineExceeded(environment);
                    }
                    throw failure instanceof CompletionException known ? known : new CompletionException(failure);
                });
            }
            return result;
        };
    }

    /** A transaction stopped by the timeout this request gave it, or any failure past the deadline, is the deadline's. */
    private static boolean stoppedByTheDeadline(Throwable failure, long deadline) {
        return System.nanoTime() >= deadline || timedOut(failure);
    }

    /** Whether the database stopped a transaction at the timeout its client gave it (only the deadline gives one). */
    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.neo4j.driver.exceptions.Neo4jException e && e.code() != null
                    && e.code().startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
                return true;
            }
        }
        return false;
    }

    private DataFetcherResult<Object> deadlineExceeded(graphql.schema.DataFetchingEnvironment environment) {
        return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(environment)
                .errorType(LimitError.DEADLINE_EXCEEDED)
                .message("This request ran past its deadline of " + limits.deadline().toSeconds()
                        + " s and was stopped (exposuregraph.security.limits.deadline)")
                .build()).build();
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                                                                        InstrumentationExecutionParameters parameters,
                                                                        InstrumentationState state) {
        GraphQLContext context = parameters.getGraphQLContext();
        Semaphore permit = context.get(EXPENSIVE_PERMIT);
        if (permit != null) {
            context.delete(EXPENSIVE_PERMIT);
            permit.release();
        }
        ApiKeyAuthentication key = context.get(ApiKeyAuthentication.class);
        OperationDefinition.Operation type = context.getOrDefault(OPERATION_TYPE, OperationDefinition.Operation.QUERY);
        String fields = context.getOrDefault(OPERATION_FIELDS, "");
        String operation = type.name().toLowerCase() + " " + context.getOrDefault(OPERATION_NAME, "(anonymous)")
                + (fields.isEmpty() ? "" : " [" + fields + "]");
        String outcome = result.getErrors().isEmpty() ? "OK" : result.getErrors().stream()
                .map(e -> String.valueOf(e.getErrorType())).distinct().collect(Collectors.joining(","));
        Integer cost = context.get(COST);
        String document = (cost == null ? "" : "cost " + cost + ": ") + parameters.getQuery();
        audit.record(new AuditLog.Entry(key == null ? null : key.getName(), "GRAPHQL", operation, parameters.getVariables(),
                outcome, context.get(ADDRESS), document));
        return CompletableFuture.completedFuture(result);
    }
}
