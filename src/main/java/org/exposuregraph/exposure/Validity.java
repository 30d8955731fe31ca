package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one home of the rule "does this fact hold on date D?" for facts that start and stop (data flows
 * {@code ENTRUSTS}, sub-processing {@code SUBPROCESSES_TO}, software use {@code RUNS}): a fact counts on D
 * when {@code since} is absent or on/before D, and {@code until} is absent or after D (the day a fact ends
 * it no longer holds). Every analysis query states it through {@link #on}, with D bound as the parameter
 * {@value #PARAMETER}, never concatenated; the {@code .cypher} files write it {@code VALID_ON(f)}, expanded
 * by {@link CypherQueries#load}.
 */
public final class Validity {

    /** The Cypher parameter holding the date an answer is for. */
    public static final String PARAMETER = "asOf";

    private Validity() {
    }

    /**
     * The Cypher condition that every named relationship variable holds on {@code $asOf}, e.g.
     * {@code on("f", "r")}. Variable names come from the query's own text, never from input.
     */
    public static String on(String... variables) {
        return Arrays.stream(variables)
                .map(v -> "((" + v + ".since IS NULL OR " + v + ".since <= $" + PARAMETER + ") AND ("
                        + v + ".until IS NULL OR " + v + ".until > $" + PARAMETER + "))")
                .collect(Collectors.joining(" AND "));
    }

    /** The date an answer is for: the one asked, else today (UTC, as the graph's dates). */
    public static LocalDate dateOrToday(LocalDate asOf) {
        return asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
    }
}
