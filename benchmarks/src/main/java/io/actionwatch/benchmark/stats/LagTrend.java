package io.actionwatch.benchmark.stats;

/**
 * Decides from consumer-lag samples taken during one load step whether the pipeline kept up. Lag of a pipeline
 * that keeps up wobbles around a constant (batches, commits, transactions); one that does not grows linearly with
 * the excess load. The step is sustained when the least-squares slope of lag over time is below a small share of
 * the offered rate AND the lag at the end is not far above the lag at the start (a step that only just fell behind
 * shows in one, a noisy one in neither).
 */
public final class LagTrend {

    private final double maxSlopeShare;
    private final double maxGrowthSeconds;

    /**
     * @param maxSlopeShare    largest lag growth per second, as a share of the offered frames per second (e.g. 0.03)
     * @param maxGrowthSeconds largest end-minus-start lag, in seconds of offered load (e.g. 1.0)
     */
    public LagTrend(double maxSlopeShare, double maxGrowthSeconds) {
        this.maxSlopeShare = maxSlopeShare;
        this.maxGrowthSeconds = maxGrowthSeconds;
    }

    /** Least-squares slope of {@code lag} over {@code seconds} (frames per second); 0 for fewer than two samples. */
    public static double slope(double[] seconds, double[] lag) {
        int n = Math.min(seconds.length, lag.length);
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += seconds[i];
            my += lag[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (seconds[i] - mx) * (lag[i] - my);
            sxx += (seconds[i] - mx) * (seconds[i] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /**
     * @param seconds       sample times (seconds since the step's measuring window began)
     * @param lag           consumer lag in frames at those times
     * @param offeredPerSec frames per second offered during the step
     */
    public boolean sustained(double[] seconds, double[] lag, double offeredPerSec) {
        if (lag.length < 2) {
            throw new IllegalArgumentException("need at least two lag samples, got " + lag.length);
        }
        double slope = slope(seconds, lag);
        double growth = lag[lag.length - 1] - lag[0];
        return slope <= maxSlopeShare * offeredPerSec && growth <= maxGrowthSeconds * offeredPerSec;
    }
}
