package org.exposuregraph.database;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Publishes every {@link VersionedCache} to {@code /actuator/prometheus} (docs/operations.md): requests by
 * result ({@code exposuregraph.cache.requests{cache, result=hit|miss}}: the hit ratio is hits over the sum),
 * entries held, and the graph version the caches trust ({@code exposuregraph.graph.version}: it moves on every
 * committed write, each move making every cached answer stale; -1 against an external server, where nothing
 * is cached). Caches are registered once every service exists, so owners need no metrics code; caches of
 * one owner are summed under its name.
 */
@Component
class CacheMetrics implements SmartInitializingSingleton {

    private final GraphVersion version;
    private final MeterRegistry registry;

    CacheMetrics(GraphVersion version, MeterRegistry registry) {
        this.version = version;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Gauge.builder("exposuregraph.graph.version", version, GraphVersion::current)
                .description("Committed writes the caches have seen; -1 when unknown (external server)")
                .register(registry);
        version.caches().stream().map(VersionedCache::name).distinct().forEach(name -> {
            requests(name, "hit", VersionedCache::hits);
            requests(name, "miss", VersionedCache::misses);
            Gauge.builder("exposuregraph.cache.entries", version, v -> sum(v, name, VersionedCache::size))
                    .description("Answers a cache holds").tag("cache", name).register(registry);
        });
    }

    private void requests(String name, String result, ToDoubleFunction<VersionedCache<?, ?>> count) {
        FunctionCounter.builder("exposuregraph.cache.requests", version, v -> sum(v, name, count))
                .description("Cache look-ups by result").tag("cache", name).tag("result", result).register(registry);
    }

    private static double sum(GraphVersion version, String name, ToDoubleFunction<VersionedCache<?, ?>> count) {
        List<VersionedCache<?, ?>> caches = version.caches();
        return caches.stream().filter(c -> c.name().equals(name)).mapToDouble(count).sum();
    }
}
