package org.exposuregraph.security;

import java.util.Arrays;
import java.util.List;

/** Traffic Light Protocol 2.0 markings, least to most restricted. A key sees facts up to its clearance. */
public enum Tlp {
    CLEAR, GREEN, AMBER, AMBER_STRICT, RED;

    /** Markings visible to a key with this clearance, for {@code coalesce(x.tlp, 'CLEAR') IN $visibleTlp}. */
    public List<String> visible() {
        return Arrays.stream(values()).filter(t -> t.ordinal() <= ordinal()).map(Enum::name).toList();
    }
}
