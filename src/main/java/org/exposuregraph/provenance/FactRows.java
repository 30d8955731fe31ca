package org.exposuregraph.provenance;

import org.exposuregraph.graph.Facts;
import org.exposuregraph.security.Tlp;
import java.time.LocalDate;
import java.util.List;

import org.neo4j.driver.Value;

/** Reads the provenance and common properties every fact row carries, the same way everywhere. */
public final class FactRows {

    private FactRows() {
    }

    /** A stored TLP marking; absent = CLEAR. */
    public static Tlp tlp(Value value) {
        return value == null || value.isNull() ? Tlp.CLEAR : Tlp.valueOf(value.asString());
    }

    public static int confidence(Value value) {
        return value.isNull() ? Facts.DEFAULT_CONFIDENCE : value.asInt();
    }

    public static boolean disputed(Value value) {
        return !value.isNull() && value.asBoolean();
    }

    public static List<String> strings(Value value) {
        return value.isNull() ? List.of() : value.asList(Value::asString);
    }

    public static Integer integer(Value value) {
        return value.isNull() ? null : value.asInt();
    }

    public static LocalDate date(Value value) {
        return value.isNull() ? null : value.asLocalDate();
    }

    public static String string(Value value) {
        return value.isNull() ? null : value.asString();
    }
}
