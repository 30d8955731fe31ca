package org.exposuregraph.api;

/**
 * How stored text is written into export files, whatever it holds (old data may predate today's write rules):
 * one home for CSV cells and XML text, used by every CSV and XML export.
 */
public final class ExportText {

    private ExportText() {
    }

    /**
     * One CSV cell, safe to open in a spreadsheet (OWASP "CSV Injection"): a value starting with {@code =},
     * {@code +}, {@code -}, {@code @}, tab or carriage return would be read as a formula, so it is prefixed
     * with a single quote and the cell is quoted; a value holding a comma, quote or line break is quoted with
     * its quotes doubled (RFC 4180). Null is the empty cell.
     */
    public static String csvCell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean formula = startsLikeFormula(value);
        if (!formula && value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + (formula ? "'" : "") + value.replace("\"", "\"\"") + '"';
    }

    /** Whether a spreadsheet would take this cell for a formula. */
    public static boolean startsLikeFormula(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }

    /** A CSV line of cells, each through {@link #csvCell}, ended by a line feed. */
    public static String csvLine(String... cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(csvCell(cells[i]));
        }
        return line.append('\n').toString();
    }

    /**
     * The text with every character XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage
     * return; U+FFFE, U+FFFF; unpaired surrogates) replaced by U+FFFD, so an XML export stays well-formed.
     */
    public static String xmlText(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder safe = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed;
            if (Character.isHighSurrogate(c)) {
                allowed = i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
                if (allowed) {
                    if (safe != null) {
                        safe.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                allowed = false;
            } else {
                allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            }
            if (!allowed && safe == null) {
                safe = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (safe != null) {
                safe.append(allowed ? c : '\uFFFD');
            }
        }
        return safe == null ? value : safe.toString();
    }
}
