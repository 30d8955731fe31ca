package org.exposuregraph.database;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An LRU cache of answers that are valid for one {@link GraphVersion}: any committed write
 * makes every entry stale. With an unknown version (external server) nothing is cached.
 */
public final class VersionedCache<K, V> {

    private record Entry<V>(long version, V value) {
    }

    private final java.util.function.LongSupplier version;
    private final Map<K, Entry<V>> entries;

    public VersionedCache(GraphVersion version, int maxEntries) {
        this(version::current, maxEntries);
    }

    /** A cache following another version: a read model's, which moves only when a change reaches it. */
    public VersionedCache(java.util.function.LongSupplier version, int maxEntries) {
        this.version = version;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The cached answer for the current graph version, or a fresh one from {@code compute}. */
    public V get(K key, Supplier<V> compute) {
        long now = version.getAsLong();
        if (now == GraphVersion.UNKNOWN) {
            return compute.get();
        }
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            if (entry != null && entry.version() == now) {
                return entry.value();
            }
        }
        V value = compute.get();
        // Only keep it if nothing was written while it was computed.
        if (version.getAsLong() == now) {
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
        long now = version.getAsLong();
        if (now == GraphVersion.UNKNOWN) {
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
        if (!missing.isEmpty()) {
            Map<K, V> loaded = load.apply(missing);
            result.putAll(loaded);
            if (version.getAsLong() == now) {
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
