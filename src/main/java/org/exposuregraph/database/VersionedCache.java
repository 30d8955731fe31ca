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
 * makes every entry stale (or, {@link #perOrganisation}, any write to the entry's organisation). With an unknown version (external server) nothing is cached.
 * Every cache counts its hits and misses and is known to its {@link GraphVersion}, so {@link CacheMetrics}
 * publishes each cache's hit ratio without the cache's owner doing anything.
 */
public final class VersionedCache<K, V> {

    /** A value and the version it was loaded at (with {@link #perOrganisation}: the epoch too). */
    private record Entry<V>(long version, long epoch, V value) {
    }

    private final GraphVersion version;
    /** For {@link #perOrganisation}: the organisation id a key is about; null for a cache any write makes stale. */
    private final Function<K, String> organisationOf;
    private final Map<K, Entry<V>> entries;
    private final String name;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** A cache named after the class that makes it (its owner), as the metrics show it. */
    public VersionedCache(GraphVersion version, int maxEntries) {
        this(version, maxEntries, StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName());
    }

    public VersionedCache(GraphVersion version, int maxEntries, String name) {
        this(version, maxEntries, name, null);
    }

    private VersionedCache(GraphVersion version, int maxEntries, String name, Function<K, String> organisationOf) {
        this.version = version;
        this.name = name;
        this.organisationOf = organisationOf;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
        version.track(this);
    }

    /**
     * A cache of single organisations' own records (their node, nothing linked to it): an entry stays valid until a
     * write changes that organisation's node ({@link GraphVersion#organisationChangedAt}), not until any write, so a
     * steady stream of flows and edits elsewhere leaves the cached organisations of an answer in place.
     */
    public static <K, V> VersionedCache<K, V> perOrganisation(GraphVersion version, int maxEntries, String name,
                                                              Function<K, String> organisationOf) {
        return new VersionedCache<>(version, maxEntries, name, organisationOf);
    }

    /** The version and epoch an answer computed now is stamped with; null when nothing may be cached. */
    private long[] stamp() {
        long now = version.current();
        long epoch = organisationOf == null ? 0 : version.organisationEpoch();
        return now == GraphVersion.UNKNOWN || epoch == GraphVersion.UNKNOWN ? null : new long[]{now, epoch};
    }

    private boolean valid(K key, Entry<V> entry, long[] stamp) {
        if (entry == null) {
            return false;
        }
        if (organisationOf == null) {
            return entry.version() == stamp[0];
        }
        return entry.epoch() == stamp[1] && entry.version() >= version.organisationChangedAt(organisationOf.apply(key));
    }

    /** Whether a value computed under {@code stamp} may be kept: nothing it rests on moved meanwhile. */
    private boolean stillCurrent(long[] stamp) {
        if (organisationOf == null) {
            return version.current() == stamp[0];
        }
        return version.organisationEpoch() == stamp[1]; // a change to the value's organisation is caught by valid()
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
        long[] stamp = stamp();
        if (stamp == null) {
            misses.increment();
            return compute.get();
        }
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            if (valid(key, entry, stamp)) {
                hits.increment();
                return entry.value();
            }
        }
        misses.increment();
        V value = compute.get();
        // Only keep it if nothing was written while it was computed.
        if (stillCurrent(stamp)) {
            synchronized (entries) {
                entries.put(key, new Entry<>(stamp[0], stamp[1], value));
            }
        }
        return value;
    }

    /**
     * The current values of many keys at once: hits from the cache, the misses from one call of {@code load}
     * (which leaves out keys it has no value for; those are asked again next time).
     */
    public Map<K, V> getAll(Collection<K> keys, Function<List<K>, Map<K, V>> load) {
        long[] stamp = stamp();
        if (stamp == null) {
            misses.add(keys.size());
            return load.apply(List.copyOf(keys));
        }
        Map<K, V> result = new HashMap<>();
        List<K> missing = new ArrayList<>();
        synchronized (entries) {
            for (K key : keys) {
                Entry<V> entry = entries.get(key);
                if (valid(key, entry, stamp)) {
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
            if (stillCurrent(stamp)) {
                synchronized (entries) {
                    loaded.forEach((key, value) -> entries.put(key, new Entry<>(stamp[0], stamp[1], value)));
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
