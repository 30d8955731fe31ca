package org.exposuregraph.database;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An LRU cache of answers that are valid for one {@link GraphVersion}: any committed write
 * makes every entry stale. With an unknown version (external server) nothing is cached.
 * Every cache counts its hits and misses and is known to its {@link GraphVersion}, so {@link CacheMetrics}
 * publishes each cache's hit ratio without the cache's owner doing anything.
 */
public final class VersionedCache<K, V> {

    private record Entry<V>(long version, V value) {
    }

    private final GraphVersion version;
    private final Map<K, Entry<V>> entries;
    private final String name;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** A cache named after the class that makes it (its owner), as the metrics show it. */
    public VersionedCache(GraphVersion version, int maxEntries) {
        this(version, maxEntries, StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName());
    }

    public VersionedCache(GraphVersion version, int maxEntries, String name) {
        this.version = version;
        this.name = name;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
        version.track(this);
    }

    /** Who owns this cache: the metrics' {@code cache} tag. */
    String name() {
        return name;
    }

    long hits() {
        return hits.sum();
    }

    /** Answers computed rather than found (also every answer while the version is unknown). */
    long misses() {
        return misses.sum();
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** The cached answer for the current graph version, or a fresh one from {@code compute}. */
    public V get(K key, Supplier<V> compute) {
        long now = version.current();
        if (now == GraphVersion.UNKNOWN) {
            misses.increment();
            return compute.get();
        }
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            if (entry != null && entry.version() == now) {
                hits.increment();
                return entry.value();
            }
        }
        misses.increment();
        V value = compute.get();
        // Only keep it if nothing was written while it was computed.
        if (version.current() == now) {
            synchronized (entries) {
                entries.put(key, new Entry<>(now, value));
            }
        }
        return value;
    }

    /**
     * The current values of many keys at once: hits from the cache, the misses from one call of {@code load}
     * (which leaves out keys it has no value for; those are asked again next time).
     */
    public Map<K, V> getAll(Collection<K> keys, Function<List<K>, Map<K, V>> load) {
        long now = version.current();
        if (now == GraphVersion.UNKNOWN) {
            misses.add(keys.size());
            return load.apply(List.copyOf(keys));
        }
        Map<K, V> result = new HashMap<>();
        List<K> missing = new ArrayList<>();
        synchronized (entries) {
            for (K key : keys) {
                Entry<V> entry = entries.get(key);
                if (entry != null && entry.version() == now) {
                    result.put(key, entry.value());
                } else {
                    missing.add(key);
                }
            }
        }
        hits.add(result.size());
        misses.add(missing.size());
        if (!missing.isEmpty()) {
            Map<K, V> loaded = load.apply(missing);
            result.putAll(loaded);
            if (version.current() == now) {
                synchronized (entries) {
                    loaded.forEach((key, value) -> entries.put(key, new Entry<>(now, value)));
                }
            }
        }
        return result;
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
