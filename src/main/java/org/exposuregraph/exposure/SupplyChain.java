package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Every organisation and piece of software a client's data reaches on {@code asOf}. */
public record SupplyChain(String clientId, int maxDepth, LocalDate asOf, List<Link> links) {

    /**
     * One organisation or software reached; exactly one of the two ids is set.
     *
     * @param hops    1 = a processor the client entrusts directly; 2 = its sub-processor …
     * @param pathIds shortest chain, client first, the organisation (or the one running the software) last
     */
    public record Link(String organisationId, String softwareId, int hops, List<String> pathIds, List<String> categoryIds) {

        /** The same software reached through two organisations: nearest path, union of categories. */
        static Link merge(Link a, Link b, Comparator<String> categoryOrder) {
            Link nearest = b.hops() < a.hops() ? b : a;
            LinkedHashSet<String> union = new LinkedHashSet<>(a.categoryIds());
            union.addAll(b.categoryIds());
            List<String> categories = new ArrayList<>(union);
            categories.sort(categoryOrder);
            return new Link(nearest.organisationId(), nearest.softwareId(), nearest.hops(), nearest.pathIds(), List.copyOf(categories));
        }
    }
}
