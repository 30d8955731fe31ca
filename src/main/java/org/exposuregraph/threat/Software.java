package org.exposuregraph.threat;

/** A software product or service organisations run. */
public record Software(String id, String name, String publisher) {
}
