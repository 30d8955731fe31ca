package org.exposuregraph.exposure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;

/**
 * Loads the named analysis queries kept, readable and commented, in the top-level {@code cypher/queries} folder.
 * A query writes "fact f holds on $asOf" as {@code VALID_ON(f)}; loading expands it with {@link Validity#on}, so
 * the rule has one home and the files stay readable.
 */
public final class CypherQueries {

    private static final Pattern VALID_ON = Pattern.compile("VALID_ON\\((\\w+)\\)");

    private CypherQueries() {
    }

    public static String load(String name) {
        try {
            return expand(new ClassPathResource("cypher/queries/" + name + ".cypher").getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Query " + name + " is missing from the application", e);
        }
    }

    /** Replaces every {@code VALID_ON(x)} by {@link Validity#on}{@code ("x")}. */
    static String expand(String query) {
        Matcher m = VALID_ON.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Validity.on(m.group(1))));
        }
        return m.appendTail(out).toString();
    }
}
