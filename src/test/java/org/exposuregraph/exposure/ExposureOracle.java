package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exposuregraph.security.CurrentKey;
import org.exposuregraph.taxonomy.DataCategory;
import org.exposuregraph.security.Role;
import org.exposuregraph.security.Tlp;
import org.exposuregraph.security.Visibility;

/** The read model's oracle in tests: {@code vendor-exposure.cypher} over the store, compared row for row. */
final class ExposureOracle {

    private ExposureOracle() {
    }

    /** Asserts the index answers exactly what the Cypher query answers; returns that answer. */
    static List<ExposureIndex.Row> assertIndexAnswersAsCypher(ExposureIndex index, ExposureService service,
                                                             Collection<String> vendors, int depth, Set<String> categories,
                                                             Set<String> kinds, LocalDate asOf, Visibility visibility,
                                                             String context) {
        List<ExposureIndex.Row> expected = sorted(service.exposureByCypher(vendors, depth, categories, kinds, asOf, visibility));
        List<ExposureIndex.Row> actual = sorted(index.exposure(vendors, depth, categories, kinds, asOf, visibility));
        assertThat(actual).as("%s: vendors %s, depth %d, categories %s, kinds %s, as of %s, clearance %s", context,
                vendors, depth, categories, kinds, asOf, visibility.clearance()).isEqualTo(expected);
        return expected;
    }

    /**
     * Asserts the service's answer (from its cache, patched or computed) lists exactly the clients the Cypher query
     * answers, in the answer's order (nearest first, then id), for a caller of that clearance; returns it.
     */
    static VendorExposure assertServiceAnswersAsCypher(ExposureService service, Collection<String> vendors, int depth,
                                                       Set<String> categories, Set<String> kinds, LocalDate asOf,
                                                       Tlp clearance, Map<String, DataCategory> taxonomy,
                                                       String context) {
        VendorExposure exposure = CurrentKey.runAs("test", Role.READER, clearance,
                () -> service.exposureOf(vendors, depth, categories, kinds, asOf));
        List<ExposureIndex.Row> actual = sorted(exposure.exposedClients().stream().map(c -> new ExposureIndex.Row(c.clientId(),
                Set.copyOf(c.categoryIds()), c.hops(), c.pathIds(), c.people(), c.confidence(), c.disputed())).toList());
        String question = String.format("%s: vendors %s, depth %d, categories %s, kinds %s, as of %s, clearance %s",
                context, vendors, depth, categories, kinds, asOf, clearance);
        assertThat(actual).as(question).isEqualTo(sorted(service.exposureByCypher(vendors, depth, categories, kinds, asOf,
                new Visibility(clearance))));
        assertThat(exposure.exposedClients()).as(question).isSortedAccordingTo(
                Comparator.comparingInt(ExposedClient::hops).thenComparing(ExposedClient::clientId));
        // Totals (patched by taking rows out and putting them in) as summed here from scratch over the clients.
        List<ExposedClient> clients = exposure.exposedClients();
        assertThat(exposure.totalClients()).as(question).isEqualTo(clients.size());
        assertThat(exposure.directClients()).as(question).isEqualTo((int) clients.stream().filter(c -> c.hops() == 1).count());
        assertThat(exposure.totalPeople()).as(question).isEqualTo(clients.stream().anyMatch(c -> c.people() != null)
                ? clients.stream().filter(c -> c.people() != null).mapToLong(ExposedClient::people).sum() : null);
        assertThat(exposure.specialCategory()).as(question).isEqualTo(clients.stream().anyMatch(ExposedClient::specialCategory));
        Map<String, List<ExposedClient>> byCategory = new java.util.TreeMap<>();
        clients.forEach(c -> c.categoryIds().forEach(id -> byCategory.computeIfAbsent(id, k -> new ArrayList<>()).add(c)));
        assertThat(exposure.categoryStats()).as(question).hasSize(byCategory.size());
        exposure.categoryStats().forEach(stat -> {
            List<ExposedClient> holding = byCategory.get(stat.categoryId());
            assertThat(stat.clients()).as("%s: category %s", question, stat.categoryId()).isEqualTo(holding.size());
            assertThat(stat.people()).as("%s: category %s", question, stat.categoryId()).isEqualTo(
                    holding.stream().anyMatch(c -> c.people() != null)
                            ? holding.stream().filter(c -> c.people() != null).mapToLong(ExposedClient::people).sum() : null);
            DataCategory category = taxonomy.get(stat.categoryId());
            assertThat(stat.specialCategory()).as(question).isEqualTo(category != null && category.specialCategory());
        });
        return exposure;
    }

    private static List<ExposureIndex.Row> sorted(List<ExposureIndex.Row> rows) {
        List<ExposureIndex.Row> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ExposureIndex.Row::clientId));
        return copy;
    }
}
