package org.exposuregraph.exposure;

import java.util.List;

/**
 * One client whose data reaches the breached vendor.
 *
 * @param pathIds organisation ids of the shortest explaining chain, client first, vendor last
 */
public record ExposedClient(String clientId, List<String> categoryIds, boolean specialCategory,
                            boolean sensitivePopulation, int hops, List<String> pathIds, Integer people,
                            int confidence, boolean disputed) {

    public boolean direct() {
        return hops == 1;
    }
}
