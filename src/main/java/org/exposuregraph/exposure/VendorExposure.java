package org.exposuregraph.exposure;

import java.util.List;

/** Who is exposed when a vendor is breached, with the totals over all exposed clients. */
public record VendorExposure(String vendorId, List<ExposedClient> exposedClients, List<String> categoryIds,
                             int totalClients, Long totalPeople, boolean specialCategory) {
}
