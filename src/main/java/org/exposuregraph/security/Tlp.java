package org.exposuregraph.security;

import java.util.Arrays;
import java.util.List;

/**
 * Traffic Light Protocol 2.0 markings, least to most restricted. Facts carry one as their {@code tlp}
 * property (absent = {@code CLEAR}, so unmarked national-scale data stays lean); a key's clearance is the
 * most restricted marking it may see.
 */
public enum Tlp {
    CLEAR, GREEN, AMBER, AMBER_STRICT, RED;

    /** The markings a holder of this clearance may see: this one and every less restricted one. */
    public List<String> visibleNames() {
        return Arrays.stream(values()).filter(level -> level.ordinal() <= ordinal()).map(Enum::name).toList();
    }

    /** The property value stored for this marking: none for CLEAR. */
    public static String stored(Tlp tlp) {
        return tlp == null || tlp == CLEAR ? null : tlp.name();
    }

    /** A stored marking (a name, or absent for CLEAR). */
    public static Tlp parse(Object stored) {
        return stored == null ? CLEAR : valueOf(stored.toString());
    }

    /** The more restricted of two markings; null counts as CLEAR. */
    public static Tlp stricter(Tlp a, Tlp b) {
        Tlp left = a == null ? CLEAR : a;
        Tlp right = b == null ? CLEAR : b;
        return left.compareTo(right) >= 0 ? left : right;
    }
}
