package org.exposuregraph.exposure;

import java.util.List;

/**
 * One client whose data reaches the breached vendor(s).
 *
 * @param pathIds        organisation ids of the shortest explaining chain, client first, vendor last
 * @param maxSensitivity highest sensitivity (1–5) of the exposed categories, for ranking
 */
public record ExposedClient(String clientId, List<String> categoryIds, boolean specialCategory,
                            boolean sensitivePopulation, int hops, List<String> pathIds, Integer people,
                            int confidence, boolean disputed, int maxSensitivity) {

    public boolean direct() {
        return hops == 1;
    }

    /** Position in the natural order (nearest first, then id); the pagination cursor. */
    String sortKey() {
        return hops + "|" + clientId;
    }
}
