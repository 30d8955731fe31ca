package org.exposuregraph.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Glue for {@code @BatchMapping} methods: load children for many parents by key, one query. */
public final class Batches {

    private Batches() {
    }

    /** Maps each parent to the children found for its key, or an empty list. */
    public static <P, C> Map<P, List<C>> byKey(List<P> parents, Function<P, String> key,
                                               Function<Collection<String>, Map<String, List<C>>> load) {
        Map<String, List<C>> children = load.apply(parents.stream().map(key).distinct().toList());
        Map<P, List<C>> result = new LinkedHashMap<>();
        parents.forEach(parent -> result.put(parent, children.getOrDefault(key.apply(parent), List.of())));
        return result;
    }
}
