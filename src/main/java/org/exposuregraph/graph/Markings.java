package org.exposuregraph.graph;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.exposuregraph.security.Tlp;

/**
 * The one rule for markings on write: a write never lowers a marking, so the marking stored after any write is
 * the stricter of the stored one and the given one (lowering is {@link Declassification}'s, ADMIN only). Java
 * callers use {@link #stricter}; Cypher writes use {@link #stricterInCypher}, the same rule inside the SET, so
 * that no write path can bypass it.
 */
public final class Markings {

    /** The stored names of the markings above CLEAR, least to most restricted (CLEAR is stored as no property). */
    private static final String RESTRICTED = Arrays.stream(Tlp.values()).filter(t -> t != Tlp.CLEAR)
            .map(t -> "'" + t.name() + "'").collect(Collectors.joining(", ", "[", "]"));

    private Markings() {
    }

    /** The more restricted of two markings; null (CLEAR) when both are null or CLEAR. */
    public static Tlp stricter(Tlp a, Tlp b) {
        Tlp x = a == Tlp.CLEAR ? null : a;
        Tlp y = b == Tlp.CLEAR ? null : b;
        if (x == null) {
            return y;
        }
        return y == null || x.compareTo(y) >= 0 ? x : y;
    }

    /** A stored {@code tlp} property value (a name, or absent for CLEAR) as a marking; null for absent. */
    public static Tlp of(Object stored) {
        return stored == null ? null : Tlp.valueOf(stored.toString());
    }

    /** The stored value ({@code tlp} property, null for CLEAR) of the stricter of two stored values. */
    public static String stricterStored(Object stored, Object given) {
        return Tlp.stored(stricter(of(stored), of(given)));
    }

    /**
     * A Cypher expression for the stored value of the most restricted of these stored-marking expressions
     * (each a stored {@code tlp} value or null). Expressions come from code, never from input.
     */
    public static String stricterInCypher(String... storedMarkings) {
        // The last restricted level named by any of them; [][-1] is null, i.e. CLEAR.
        return "[level IN " + RESTRICTED + " WHERE level IN [" + String.join(", ", storedMarkings) + "]][-1]";
    }
}
