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

    @Test
    void aBulkBatchsListsSurviveCompression() {
        java.util.Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
        lists.put("created", java.util.stream.IntStream.range(0, 5_000).mapToObj(i -> "ENTRUSTS:flow:gp-" + i + ":vendor").toList());
        lists.put("updated", List.of());
        lists.put("organisations", List.of("gp-1", "vendor", "ünïcode-ørg"));
        byte[] packed = ChangeLog.pack(lists);
        assertThat(ChangeLog.unpack(packed)).isEqualTo(lists);
        assertThat(packed.length).isLessThan(lists.get("created").size() * 8); // ids of ~30 characters, a few bytes each
    }
}
