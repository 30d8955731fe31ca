package org.exposuregraph.search;

/** One full-text search result. */
public record SearchHit(String id, String name, String type, double score) {
}
