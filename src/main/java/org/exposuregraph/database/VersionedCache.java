package org.exposuregraph.database;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small LRU cache of analysis answers that are valid for one {@link GraphVersion}: any committed write
 * makes every entry stale. With an unknown version (external server) nothing is cached.
 */
public final class VersionedCache<K, V> {

    private record Entry<V>(long version, V value) {
    }

    private final GraphVersion version;
    private final Map<K, Entry<V>> entries;

    public VersionedCache(GraphVersion version, int maxEntries) {
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
        long now = version.current();
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
        if (version.current() == now) {
            synchronized (entries) {
                entries.put(key, new Entry<>(now, value));
            }
        }
        return value;
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
