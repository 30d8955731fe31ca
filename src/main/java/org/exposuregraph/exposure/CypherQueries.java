package org.exposuregraph.exposure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;

/** Loads the named analysis queries kept, readable and commented, in the top-level {@code cypher/queries} folder. */
public final class CypherQueries {

    private CypherQueries() {
    }

    public static String load(String name) {
        try {
            return new ClassPathResource("cypher/queries/" + name + ".cypher").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Query " + name + " is missing from the application", e);
        }
    }
}
