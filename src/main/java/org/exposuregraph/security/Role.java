package org.exposuregraph.security;

/** What a key may do; each role includes the ones before it. */
public enum Role {
    /** Queries. */
    READER,
    /** Queries and exports. */
    ANALYST,
    /** Queries, exports, mutations and imports. */
    EDITOR,
    /** Everything, including the audit log. */
    ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
