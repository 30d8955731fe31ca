package org.exposuregraph.exposure;

/** How many exposed clients, and people, one data category reaches. */
public record CategoryExposure(String categoryId, int clients, Long people, boolean specialCategory,
                               boolean sensitivePopulation) {
}
