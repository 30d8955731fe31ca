package org.exposuregraph.exposure;

import java.time.LocalDate;
import java.util.List;

/**
 * Who is exposed when one or more vendors are breached, with the totals over all exposed clients.
 *
 * @param asOf           the date it is for: only facts holding on it count
 * @param exposedClients every exposed client, nearest first then by id (the pagination order)
 * @param categoryIds    union of exposed categories, most sensitive first
 * @param categoryStats  clients and people per exposed category, in the same order
 */
public record VendorExposure(List<String> vendorIds, int maxDepth, LocalDate asOf, List<ExposedClient> exposedClients,
                             List<String> categoryIds, List<CategoryExposure> categoryStats, int totalClients,
                             int directClients, Long totalPeople, boolean specialCategory) {

    public String vendorId() {
        return vendorIds.get(0);
    }
}
