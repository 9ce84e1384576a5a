package io.actionwatch.benchmark.soak;

import io.actionwatch.benchmark.endtoend.LatencyProbe;
import io.actionwatch.benchmark.stats.Percentiles;

import java.util.ArrayList;
import java.util.List;

/**
 * Latency of the events that arrived in consecutive windows of the soak (by arrival time), so a pipeline that slowly
 * falls behind shows as a p99 that climbs from window to window rather than as one figure for the whole run.
 */
public final class LatencyWindows {

    /** One window: [fromMinute, toMinute) of the load, its event count and percentiles (null when empty). */
    public record Window(double fromMinute, double toMinute, int events, Long p50Millis, Long p99Millis,
                         Long maxMillis) {
    }

    private LatencyWindows() {
    }

    /**
     * @param samples     events with their arrival time and latency
     * @param startMillis when the load began (window 0 starts here)
     * @param endMillis   when it ended; a last, shorter window covers the remainder
     * @param windowMillis length of each window
     */
    public static List<Window> of(List<LatencyProbe.Sample> samples, long startMillis, long endMillis,
                                  long windowMillis) {
        if (windowMillis <= 0 || endMillis < startMillis) {
            throw new IllegalArgumentException("need a positive window and end >= start, got window " + windowMillis
                    + " ms, " + startMillis + ".." + endMillis);
        }
        List<Window> windows = new ArrayList<>();
        for (long from = startMillis; from < endMillis; from += windowMillis) {
            long to = Math.min(from + windowMillis, endMillis);
            long windowStart = from;
            long[] millis = samples.stream()
                    .filter(s -> s.arrivalMillis() >= windowStart && s.arrivalMillis() < to)
                    .mapToLong(LatencyProbe.Sample::latencyMillis).toArray();
            Percentiles p = new Percentiles(millis);
            boolean any = p.count() > 0;
            windows.add(new Window((from - startMillis) / 60_000.0, (to - startMillis) / 60_000.0, p.count(),
                    any ? p.at(50) : null, any ? p.at(99) : null, any ? p.at(100) : null));
        }
        return windows;
    }
}
