package io.actionwatch.benchmark.stats;

import java.util.Arrays;

/**
 * Median, minimum and maximum of repeated measurements of one figure. The median is what tables report: on a shared,
 * noisy machine it ignores the odd run that lost its core, and min/max show how much the runs disagreed.
 *
 * @param median middle value (mean of the two middle values for an even count)
 * @param min    smallest run
 * @param max    largest run
 * @param runs   how many runs were measured
 */
public record Summary(double median, double min, double max, int runs) {

    public static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a summary needs at least one value");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(median, sorted[0], sorted[n - 1], n);
    }

    /** The same figure in another unit, e.g. seconds per clip to clips per second (order of min/max kept). */
    public Summary map(java.util.function.DoubleUnaryOperator f) {
        double a = f.applyAsDouble(min);
        double b = f.applyAsDouble(max);
        return new Summary(f.applyAsDouble(median), Math.min(a, b), Math.max(a, b), runs);
    }
}
