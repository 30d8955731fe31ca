package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule for "does this fact hold on $asOf", as text, and that every analysis query states it through it. */
class ValidityTest {

    @Test
    void aFactHoldsFromItsSinceUntilTheDayBeforeItsUntil() {
        assertThat(Validity.on("f")).isEqualTo("((f.since IS NULL OR f.since <= $asOf) AND (f.until IS NULL OR f.until > $asOf))");
        assertThat(Validity.on("f", "r")).isEqualTo(Validity.on("f") + " AND " + Validity.on("r"));
    }

    @Test
    void queriesAreExpandedWithTheRuleAndBindTheDate() {
        for (String name : new String[] {"vendor-exposure", "supply-chain", "concentration-risk", "risk-threats", "threat-actor-reach"}) {
            String query = CypherQueries.load(name);
            assertThat(query).as(name).doesNotContain("VALID_ON(").contains("$" + Validity.PARAMETER);
        }
        assertThat(CypherQueries.expand("WHERE VALID_ON(f) AND all(r IN x WHERE VALID_ON(r))"))
                .isEqualTo("WHERE " + Validity.on("f") + " AND all(r IN x WHERE " + Validity.on("r") + ")");
    }
}
