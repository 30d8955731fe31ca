package org.exposuregraph.taxonomy;

/**
 * A kind of personal data in the category hierarchy.
 *
 * @param sensitivity harm if exposed, 1 (low) to 5 (severe)
 * @param parentId    the broader category, null for a root
 */
public record DataCategory(String id, String name, String description, boolean specialCategory,
                           boolean sensitivePopulation, int sensitivity, String parentId) {
}
