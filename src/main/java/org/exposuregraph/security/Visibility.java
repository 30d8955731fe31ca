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

    /** Every marking: the operator's own process (command line, seed loader) and fully cleared keys. */
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
        return currentOr(new Visibility(Tlp.CLEAR));
    }

    /**
     * Who is writing. A write without an authenticated caller comes from the operator's own process (the
     * command line, the seed loader), which may write anything: every HTTP endpoint needs a key.
     */
    public static Visibility writer() {
        return currentOr(EVERYTHING);
    }

    private static Visibility currentOr(Visibility withoutCaller) {
        return CurrentKey.get().map(key -> new Visibility(key.clearance())).orElse(withoutCaller);
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

    /** Whether nothing is hidden from this visibility, so a query need not test markings at all. */
    public boolean seesEverything() {
        return clearance == Tlp.RED;
    }

    public boolean sees(Tlp marking) {
        return (marking == null ? Tlp.CLEAR : marking).ordinal() <= clearance.ordinal();
    }
}
