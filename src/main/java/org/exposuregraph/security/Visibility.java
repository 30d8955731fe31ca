package org.exposuregraph.security;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the caller may see: every read query filters in Cypher on the parameter {@value #PARAMETER}, the TLP
 * markings visible at the caller's clearance, with
 * {@code coalesce(x.tlp, 'CLEAR') IN $visibleTlp} for each node and relationship it reads. Answers cached
 * across requests are keyed by it.
 */
public record Visibility(Tlp clearance) {

    /** The Cypher parameter name every read query filters on. */
    public static final String PARAMETER = "visibleTlp";

    /** Everything: for internal work that must see the whole graph (imports checking what exists). */
    public static final Visibility EVERYTHING = new Visibility(Tlp.RED);

    public Visibility {
        if (clearance == null) {
            throw new IllegalArgumentException("A visibility needs a clearance");
        }
    }

    /**
     * The current caller's visibility. Fails closed: a request without an authenticated caller sees only
     * {@code CLEAR} facts, so a code path that loses the security context hides data rather than leaking it.
     */
    public static Visibility current() {
        return new Visibility(CurrentKey.get().map(ApiKeyAuthentication::clearance).orElse(Tlp.CLEAR));
    }

    /**
     * The Cypher condition that every named node or relationship variable is visible, e.g.
     * {@code visible("f", "p")}. Variable names come from the query's own text, never from input.
     */
    public static String visible(String... variables) {
        return Arrays.stream(variables).map(v -> "coalesce(" + v + ".tlp, 'CLEAR') IN $" + PARAMETER)
                .collect(Collectors.joining(" AND "));
    }

    /** The value of {@value #PARAMETER}. */
    public List<String> levels() {
        return clearance.visibleNames();
    }

    public boolean sees(Tlp marking) {
        return (marking == null ? Tlp.CLEAR : marking).ordinal() <= clearance.ordinal();
    }
}
