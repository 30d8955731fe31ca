package org.exposuregraph.graph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a write must pass, in one place: every importer and the hand edits call these before writing, and
 * report the reason texts here verbatim (the report adds where: a line, a JSON path or an input field). The
 * limits sit well under Neo4j's index key limit (about 8 kB per indexed value), so no accepted value can fail
 * at write time; they are generous for real names and texts.
 */
public final class WriteRules {

    /** Ids of nodes and facts: at most 200 ASCII characters, so always well under the index key limit. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:\\-]{0,199}";
    public static final String ID_MESSAGE = "must be 1-200 letters, digits or . _ : - and start with a letter or digit";
    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    /** In sub-processing only: every category the processor holds is passed on. */
    public static final String ALL_CATEGORIES = "*";
    /** At most this many aliases (or external ids) on one node. */
    public static final int MAX_LIST_ITEMS = 100;

    public static final String NO_FLOW_CATEGORIES = "no data categories: a data flow names at least one category";
    public static final String NO_SUB_PROCESSING_CATEGORIES =
            "no data categories: name the categories passed on, or * for every category the processor holds";
    public static final String ALL_CATEGORIES_ON_FLOW =
            "* (every category the processor holds) is only for sub-processing: a data flow names its categories";
    public static final String ALL_CATEGORIES_NOT_ALONE =
            "* already means every category the processor holds: give it alone, without other categories";
    public static final String EMPTY_CATEGORY = "a category id is empty";
    public static final String SELF_FLOW = "an organisation cannot entrust data to itself";
    public static final String SELF_SUB_PROCESSING = "an organisation cannot sub-process to itself";
    /** Source links are opened by people: only web addresses, never javascript:, data: or file: URLs. */
    public static final String NOT_A_WEB_URL = "must be an http:// or https:// address with a host; other schemes"
            + " (javascript:, data:, file:, ...) are refused";
    private static final Pattern WEB_URL = Pattern.compile("(?i)https?://[^\\s/?#@]+(?:[/?#]\\S*)?");
    public static final String ENDS_BEFORE_START = "ends before it starts: until must be on or after since";
    public static final String REASON_WITHOUT_END = "an end reason needs the end date: give until as well";

    /** Links between organisations (and software) that one file may give only once per pair. */
    public enum Link {
        DATA_FLOW("data flow"), SUB_PROCESSING("sub-processing"), SOFTWARE_USE("software use");

        private final String what;

        Link(String what) {
            this.what = what;
        }

        /** The link as the person fixing a file knows it, e.g. {@code data flow acme -> docstore}. */
        public String between(String from, String to) {
            return what + " " + from + " -> " + to;
        }
    }

    /** Bounded kinds of text: the limit, what it covers (for the message), and whether it may span lines. */
    public enum Text {
        NAME(300, "names, titles and publishers", false),
        ALIAS(200, "aliases and external ids", false),
        PURPOSE(500, "purposes, ransom demands and claimed values", false),
        URL(2000, "URLs", false),
        CODE(100, "codes, postcodes, domains, company numbers and claim properties", false),
        LONG(4000, "descriptions, summaries and statements", true);

        private final int limit;
        private final String covers;
        private final boolean multiLine;

        Text(int limit, String covers, boolean multiLine) {
            this.limit = limit;
            this.covers = covers;
            this.multiLine = multiLine;
        }

        public int limit() {
            return limit;
        }

        public boolean multiLine() {
            return multiLine;
        }
    }

    /** A write rule that was broken; the message is the reason text to report. */
    public static final class Violation extends IllegalArgumentException {
        public Violation(String reason) {
            super(reason);
        }
    }

    private WriteRules() {
    }

    /**
     * Why this text cannot be written, or null when it can (null values are absent and always fine). Control
     * characters (C0, DEL, C1) are refused because they are invisible in every view and export; only the long
     * free texts may hold line breaks and tabs.
     */
    public static String text(Text kind, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > kind.limit) {
            return "too long: " + value.length() + " characters, at most " + kind.limit + " for " + kind.covers;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) && !(kind.multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                return "contains the control character U+%04X at character %d: %s".formatted((int) c, i + 1,
                        kind.multiLine ? "only line breaks and tabs are allowed" : "one line of printable text is expected");
            }
        }
        if (kind == Text.URL && !WEB_URL.matcher(value).matches()) {
            return NOT_A_WEB_URL;
        }
        return null;
    }

    /** Throws the reason why this text cannot be written; returns it unchanged otherwise. */
    public static String requireText(Text kind, String value) {
        String problem = text(kind, value);
        if (problem != null) {
            throw new Violation(problem);
        }
        return value;
    }

    /** Why this many aliases (or external ids) cannot be written, or null. */
    public static String listSize(int size) {
        return size > MAX_LIST_ITEMS ? "too many: " + size + ", at most " + MAX_LIST_ITEMS : null;
    }

    /** Why this is not an id, or null. */
    public static String id(String value) {
        return value == null || ID.matcher(value).matches() ? null : "'" + abbreviate(value) + "' " + ID_MESSAGE;
    }

    /**
     * The categories to store, deduplicated in their first order (a category listed twice counts once). For
     * sub-processing, null (absent) or {@code [*]} means every category the processor holds and is stored as
     * null; an empty list is refused, for "passes nothing on" is no sub-processing at all.
     */
    public static List<String> categories(Link link, List<String> ids) {
        if (link == Link.SOFTWARE_USE) {
            throw new IllegalArgumentException("software use carries no data categories");
        }
        if (ids == null && link == Link.SUB_PROCESSING) {
            return null;
        }
        if (ids == null || ids.isEmpty()) {
            throw new Violation(link == Link.DATA_FLOW ? NO_FLOW_CATEGORIES : NO_SUB_PROCESSING_CATEGORIES);
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new Violation(EMPTY_CATEGORY);
            }
            distinct.add(id);
        }
        if (distinct.contains(ALL_CATEGORIES)) {
            if (link == Link.DATA_FLOW) {
                throw new Violation(ALL_CATEGORIES_ON_FLOW);
            }
            if (distinct.size() > 1) {
                throw new Violation(ALL_CATEGORIES_NOT_ALONE);
            }
            return null;
        }
        return distinct.size() == ids.size() ? ids : new ArrayList<>(distinct);
    }

    /** Why this link cannot be written (it points back at its own start), or null. */
    public static String selfLink(Link link, String from, String to) {
        if (link == Link.SOFTWARE_USE || from == null || !from.equals(to)) {
            return null;
        }
        return link == Link.DATA_FLOW ? SELF_FLOW : SELF_SUB_PROCESSING;
    }

    /** Why a fact valid from {@code since} to {@code until} cannot be written (it ends before it starts), or null. */
    public static String period(java.time.LocalDate since, java.time.LocalDate until) {
        return since != null && until != null && until.isBefore(since) ? ENDS_BEFORE_START : null;
    }

    /**
     * Why a fact's end reason cannot be written, or null: it is a long free text (as {@code endDataFlow}'s reason)
     * and only says why a fact ended, so it needs the end date.
     */
    public static String endReason(java.time.LocalDate until, String reason) {
        if (reason == null) {
            return null;
        }
        return until == null ? REASON_WITHOUT_END : text(Text.LONG, reason);
    }

    /** A thing given twice in one file or document, e.g. {@code data flow a -> b repeated: first at line 3, again at line 9}. */
    public static String repeated(String what, String first, String again) {
        return what + " repeated: first at " + first + ", again at " + again;
    }

    /**
     * A value of a unique property (an organisation's odsCode, companyNumber, domain) that another node already
     * holds. The holder is not named: it may be above the writer's clearance.
     */
    public static String taken(String property, String value) {
        return property + " '" + value + "' already belongs to another organisation: each organisation's " + property
                + " is unique";
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** Over-long values are named by their start, not repeated whole in the report. */
    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
