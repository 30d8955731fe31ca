package org.exposuregraph.security;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Role checks that depend on the GraphQL operation, and the audit record of every operation. The key is
 * taken from the HTTP request into the GraphQL context, so checks do not depend on which thread runs them.
 */
@Component
class GraphQlAccessInstrumentation extends SimplePerformantInstrumentation implements WebGraphQlInterceptor {

    private static final String OPERATION_TYPE = "exposuregraph.operationType";
    private static final String OPERATION_NAME = "exposuregraph.operationName";
    private static final String OPERATION_FIELDS = "exposuregraph.operationFields";

    private final AuditLog audit;

    GraphQlAccessInstrumentation(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        CurrentKey.get().ifPresent(key -> request.configureExecutionInput((input, builder) ->
                builder.graphQLContext(context -> context.put(ApiKeyAuthentication.class, key)).build()));
        return chain.next(request);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                         InstrumentationState state) {
        var context = parameters.getExecutionContext();
        OperationDefinition.Operation type = context.getOperationDefinition().getOperation();
        context.getGraphQLContext().put(OPERATION_TYPE, type);
        if (context.getOperationDefinition().getName() != null) {
            context.getGraphQLContext().put(OPERATION_NAME, context.getOperationDefinition().getName());
        }
        // The root fields, so the audit names what was done whatever the client called its operation.
        context.getGraphQLContext().put(OPERATION_FIELDS, context.getOperationDefinition().getSelectionSet().getSelections()
                .stream().filter(Field.class::isInstance).map(s -> ((Field) s).getName()).collect(Collectors.joining(",")));
        if (type == OperationDefinition.Operation.MUTATION) {
            ApiKeyAuthentication key = context.getGraphQLContext().get(ApiKeyAuthentication.class);
            if (key == null || !key.role().includes(Role.EDITOR)) {
                throw new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                        .errorType(ErrorType.FORBIDDEN)
                        .message("Mutations need a key with role EDITOR or higher")
                        .build()));
            }
        }
        return SimpleInstrumentationContext.noOp();
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                                                                        InstrumentationExecutionParameters parameters,
                                                                        InstrumentationState state) {
        GraphQLContext context = parameters.getGraphQLContext();
        ApiKeyAuthentication key = context.get(ApiKeyAuthentication.class);
        OperationDefinition.Operation type = context.getOrDefault(OPERATION_TYPE, OperationDefinition.Operation.QUERY);
        String fields = context.getOrDefault(OPERATION_FIELDS, "");
        String operation = type.name().toLowerCase() + " " + context.getOrDefault(OPERATION_NAME, "(anonymous)")
                + (fields.isEmpty() ? "" : " [" + fields + "]");
        String outcome = result.getErrors().isEmpty() ? "OK" : result.getErrors().stream()
                .map(e -> String.valueOf(e.getErrorType())).distinct().collect(Collectors.joining(","));
        String actor = key == null ? null : key.getName();
        if (type == OperationDefinition.Operation.MUTATION) {
            audit.recordNow(actor, "GRAPHQL", operation, parameters.getVariables(), outcome);
        } else {
            audit.record(actor, "GRAPHQL", operation, parameters.getVariables(), outcome);
        }
        return CompletableFuture.completedFuture(result);
    }
}
