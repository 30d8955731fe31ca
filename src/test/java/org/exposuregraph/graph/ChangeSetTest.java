package org.exposuregraph.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.exposuregraph.security.Tlp;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

    @Test
    void keepsTheStrictestMarkingBeforeOrAfterAndEachCategoryAndOrganisationOnce() {
        ChangeSet changes = new ChangeSet("saveDataFlow", "key-1")
                .element(ChangeSet.Outcome.UPDATED, "ENTRUSTS", "flow:a:b").markings("RED", null)
                .categories(List.of("health", "identity")).categories(List.of("health")).organisations("a", "b", "a", null);
        assertThat(changes.strictest()).isEqualTo(Tlp.RED);
        assertThat(changes.categories()).containsExactly("health", "identity");
        assertThat(changes.organisations()).containsExactly("a", "b");
        assertThat(changes.elements(ChangeSet.Outcome.UPDATED)).containsExactly("ENTRUSTS:flow:a:b");
        assertThat(changes.size()).isEqualTo(1);
    }

    @Test
    void anEmptySetIsNoEntry() {
        assertThat(new ChangeSet("import:native", "operator").categories(List.of("health")).isEmpty()).isTrue();
    }
}
