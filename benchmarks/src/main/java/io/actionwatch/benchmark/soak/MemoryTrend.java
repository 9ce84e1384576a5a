package io.actionwatch.benchmark.soak;

import io.actionwatch.benchmark.stats.LagTrend;

/**
 * Whether one memory figure of one process stayed flat over a soak: the least-squares line through its per-minute
 * samples after the warm-up, and a verdict that compares the line's drift over those minutes with the samples'
 * scatter around it. Memory of a healthy JVM wobbles (garbage between collections, buffers taken and returned, pages
 * touched and released); a leak adds to it steadily. So the figure counts as flat when the drift the line predicts
 * over the analysed span is no larger than {@link #NOISE_MULTIPLE} residual standard deviations, or below an
 * absolute floor (a few pages of RSS or NMT's rounding are no leak).
 *
 * @param samples        points in the fit
 * @param slopePerTenMin fitted slope, MiB per 10 minutes
 * @param driftMib       slope times the analysed span: the change the line predicts from first to last sample
 * @param residualSdMib  standard deviation of the samples around the line (n - 2 degrees of freedom)
 */
public record MemoryTrend(int samples, double slopePerTenMin, double driftMib, double residualSdMib,
                          Verdict verdict) {

    /** How many residual standard deviations of drift still count as noise. */
    public static final double NOISE_MULTIPLE = 2.0;
    /** The fewest points that leave a residual to judge the noise by. */
    public static final int MIN_SAMPLES = 3;

    public enum Verdict {
        /** Drift within the noise (or the floor). */
        FLAT,
        /** Growing beyond the noise: the goal is missed. */
        RISING,
        /** Shrinking beyond the noise (memory given back after the warm-up): no leak, reported as seen. */
        FALLING,
        /** Fewer than {@link #MIN_SAMPLES} points after the warm-up: nothing can be said, which a gate counts as missed. */
        TOO_FEW_SAMPLES;

        public boolean missesGoal() {
            return this == RISING || this == TOO_FEW_SAMPLES;
        }
    }

    /**
     * @param minutes  sample times in minutes
     * @param mib      the figure at those times, MiB
     * @param floorMib drift at or below this is flat whatever the noise
     */
    public static MemoryTrend of(double[] minutes, double[] mib, double floorMib) {
        if (minutes.length != mib.length) {
            throw new IllegalArgumentException("times and values differ in length: " + minutes.length + " vs "
                    + mib.length);
        }
        int n = mib.length;
        if (n < MIN_SAMPLES) {
            double slope = n < 2 ? Double.NaN : LagTrend.slope(minutes, mib);
            return new MemoryTrend(n, 10 * slope, n < 2 ? Double.NaN : slope * span(minutes), Double.NaN,
                    Verdict.TOO_FEW_SAMPLES);
        }
        double slope = LagTrend.slope(minutes, mib);
        double meanT = mean(minutes);
        double meanY = mean(mib);
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double fitted = meanY + slope * (minutes[i] - meanT);
            squares += (mib[i] - fitted) * (mib[i] - fitted);
        }
        double sd = Math.sqrt(squares / (n - 2));
        double drift = slope * span(minutes);
        double allowed = Math.max(NOISE_MULTIPLE * sd, floorMib);
        Verdict verdict = Math.abs(drift) <= allowed ? Verdict.FLAT : drift > 0 ? Verdict.RISING : Verdict.FALLING;
        return new MemoryTrend(n, 10 * slope, drift, sd, verdict);
    }

    private static double span(double[] t) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : t) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }
}
