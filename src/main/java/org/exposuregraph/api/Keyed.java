package org.exposuregraph.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/** A row loaded for a batch, keyed by the id of the parent it belongs to. */
public record Keyed<T>(String key, T value) {

    /** Groups keyed rows into parent id → children, keeping the query's order. */
    public static <T> Collector<Keyed<T>, ?, Map<String, List<T>>> grouping() {
        return Collectors.groupingBy(Keyed::key, Collectors.mapping(Keyed::value, Collectors.toList()));
    }
}
