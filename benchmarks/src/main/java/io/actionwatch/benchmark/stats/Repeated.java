package io.actionwatch.benchmark.stats;

import java.util.function.LongSupplier;

/**
 * The measuring protocol every throughput figure of the suite follows: warm up for a while (JIT, ONNX Runtime's
 * arenas, caches), then time several runs of a fixed minimum duration and summarise the per-run rates.
 *
 * @param warmupMillis how long to run before measuring
 * @param runs         measured runs
 * @param runMillis    minimum length of one run (a run ends at the first whole operation past it)
 */
public record Repeated(long warmupMillis, int runs, long runMillis) {

    public Repeated {
        if (runs < 1 || runMillis < 1 || warmupMillis < 0) {
            throw new IllegalArgumentException("runs and runMillis must be >= 1 and warmupMillis >= 0");
        }
    }

    /**
     * Rates of {@code operation} (it returns how many units it processed) in units per second, one per run.
     */
    public Summary rate(LongSupplier operation) {
        loop(operation, warmupMillis);
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long started = System.nanoTime();
            long units = loop(operation, runMillis);
            rates[r] = units / ((System.nanoTime() - started) / 1e9);
        }
        return Summary.of(rates);
    }

    private static long loop(LongSupplier operation, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long units = 0;
        do {
            units += operation.getAsLong();
        } while (System.nanoTime() < deadline);
        return units;
    }
}
