package org.exposuregraph.security;

import java.util.Set;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.QueryComplexityCalculator;
import graphql.execution.ExecutionContext;
import org.exposuregraph.api.Page;

/**
 * What a GraphQL request costs, computed from its document before it runs: 1 per field, an analysis (a graph
 * walk over the supply chains) {@value #ANALYSIS} more, a search {@value #SEARCH} more, and a field with a
 * {@code first} argument pays for its selection once per item asked for — at most {@link Page#MAX_PAGE_SIZE}, since
 * every field refuses more itself, with a message naming its own limit.
 */
final class QueryCost {

    static final int ANALYSIS = 100;
    static final int SEARCH = 20;
    /** Root fields that walk supply chains or score every vendor: far dearer than a look-up. */
    static final Set<String> ANALYSES = Set.of("vendorExposure", "exposureChanges", "clients", "supplyChain",
            "concentrationRisk", "incidentImpact", "threatActorReach", "atRiskClients", "notifications", "simulateBreach",
            "vendorRiskAssessment", "vendorRiskAssessments");

    private static final FieldComplexityCalculator FIELD_COST = QueryCost::fieldCost;

    private QueryCost() {
    }

    static int of(ExecutionContext context) {
        return QueryComplexityCalculator.newCalculator()
                .schema(context.getGraphQLSchema())
                .document(context.getDocument())
                .operationName(context.getOperationDefinition().getName())
                .variables(context.getCoercedVariables())
                .fieldComplexityCalculator(FIELD_COST)
                .build()
                .calculate();
    }

    static int fieldCost(FieldComplexityEnvironment field, int selectionCost) {
        String name = field.getField().getName();
        boolean root = field.getParentEnvironment() == null;
        int own = 1 + (root && ANALYSES.contains(name) ? ANALYSIS : 0) + (root && name.equals("search") ? SEARCH : 0);
        Object first = field.getArguments().get("first");
        long items = first instanceof Number number ? Math.max(1, Math.min(Page.MAX_PAGE_SIZE, number.longValue())) : 1;
        return (int) Math.min(Integer.MAX_VALUE / 2, own + items * selectionCost);
    }
}
