package org.exposuregraph.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.exposuregraph.security.CurrentKey;
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
                                                       Tlp clearance, String context) {
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
        assertThat(exposure.totalClients()).as(question).isEqualTo(actual.size());
        return exposure;
    }

    private static List<ExposureIndex.Row> sorted(List<ExposureIndex.Row> rows) {
        List<ExposureIndex.Row> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ExposureIndex.Row::clientId));
        return copy;
    }
}
