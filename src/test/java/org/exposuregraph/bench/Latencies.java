package org.exposuregraph.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Durations of one kind of call, collected from any thread; percentiles in milliseconds. */
final class Latencies {

    private final List<Long> nanos = new ArrayList<>();

    synchronized void add(long durationNanos) {
        nanos.add(durationNanos);
    }

    synchronized int count() {
        return nanos.size();
    }

    /** The percentile in ms, NaN when nothing was measured. */
    synchronized double ms(int percentile) {
        return percentileMs(nanos.stream().mapToLong(Long::longValue).toArray(), percentile);
    }

    /** The percentile as a table cell: "–" when nothing was measured. */
    String cell(int percentile) {
        return cell(ms(percentile));
    }

    static String cell(double ms) {
        return Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%.1f", ms);
    }

    /** Nearest-rank percentile of the durations, in ms; NaN for none. */
    static double percentileMs(long[] nanos, int percentile) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
