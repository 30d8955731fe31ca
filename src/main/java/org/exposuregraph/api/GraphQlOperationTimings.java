package org.exposuregraph.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.ExecutionInput;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.graphql.observation.DefaultExecutionRequestObservationConvention;
import org.springframework.graphql.observation.ExecutionRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * GraphQL request timings per operation: Spring for GraphQL's {@code graphql.request} timer (outcome and
 * operation type) also tagged with the operation's name ({@code graphql.operation.name}), which Spring keeps
 * off the metrics because clients choose it. The name is the request's {@code operationName}, or the name a
 * document's only operation carries when the request leaves it out. It is bounded: the first {@value #MAX_NAMES} distinct
 * names keep their own series, later ones and malformed ones count as {@code other}, anonymous documents as
 * {@code anonymous}. Per-field timings ({@code graphql.datafetcher}, tagged by field) come with Spring's default.
 */
@Component
class GraphQlOperationTimings extends DefaultExecutionRequestObservationConvention {

    static final int MAX_NAMES = 100;
    private static final Pattern NAME = Pattern.compile("[_A-Za-z][_0-9A-Za-z]{0,63}");
    /** The first operation's name, after any comments, commas and white space (GraphQL's ignored tokens). */
    private static final Pattern FIRST_OPERATION = Pattern.compile(
            "\\A(?:[\\s,\\uFEFF]|#[^\\n\\r]*)*(?:query|mutation|subscription)\\s+([_A-Za-z][_0-9A-Za-z]*)");
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    @Override
    public KeyValues getLowCardinalityKeyValues(ExecutionRequestObservationContext context) {
        return super.getLowCardinalityKeyValues(context)
                .and(KeyValue.of("graphql.operation.name", bounded(operationName(context.getExecutionInput()))));
    }

    private static String operationName(ExecutionInput input) {
        if (input.getOperationName() != null) {
            return input.getOperationName();
        }
        Matcher first = FIRST_OPERATION.matcher(input.getQuery());
        return first.lookingAt() ? first.group(1) : null;
    }

    /** The name moved to the low-cardinality keys; one key, one value. */
    @Override
    public KeyValues getHighCardinalityKeyValues(ExecutionRequestObservationContext context) {
        return KeyValues.of(executionId(context));
    }

    String bounded(String operationName) {
        if (operationName == null || operationName.isBlank()) {
            return "anonymous";
        }
        if (!NAME.matcher(operationName).matches()) {
            return "other";
        }
        if (names.contains(operationName) || (names.size() < MAX_NAMES && names.add(operationName))) {
            return operationName;
        }
        return "other";
    }
}
