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
}
