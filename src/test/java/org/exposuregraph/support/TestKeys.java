package org.exposuregraph.support;

/** API keys the test applications are configured with, one per role. */
public final class TestKeys {

    public static final String HEADER = "X-API-Key";
    public static final String ADMIN = "test-admin-key-0000000001";
    public static final String EDITOR = "test-editor-key-000000002";
    public static final String ANALYST = "test-analyst-key-00000003";
    public static final String READER = "test-reader-key-000000004";
    /** A reader cleared only for TLP:GREEN facts. */
    public static final String GREEN_READER = "test-green-reader-0000005";
    /** An analyst (queries and exports) cleared only for TLP:GREEN facts. */
    public static final String GREEN_ANALYST = "test-green-analyst-000006";
    /** An ADMIN cleared only up to TLP:AMBER: ADMIN-only writes, but RED facts stay hidden from it. */
    public static final String AMBER_ADMIN = "test-amber-admin-00000007";
    static final String ALL = ADMIN + ":ADMIN:RED," + EDITOR + ":EDITOR:AMBER," + ANALYST + ":ANALYST:AMBER,"
            + READER + ":READER:RED," + GREEN_READER + ":READER:GREEN," + GREEN_ANALYST + ":ANALYST:GREEN,"
            + AMBER_ADMIN + ":ADMIN:AMBER";

    private TestKeys() {
    }
}
