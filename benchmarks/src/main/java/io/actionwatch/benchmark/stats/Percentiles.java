package io.actionwatch.benchmark.stats;

import java.util.Arrays;

/**
 * Latency percentiles by the nearest-rank method: the p-th percentile is the smallest sample with at least p% of the
 * samples at or below it, so every reported value is one that was actually observed.
 */
public final class Percentiles {

    private final long[] sorted;

    public Percentiles(long[] samples) {
        this.sorted = samples.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** @param p in (0, 100] */
    public long at(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
