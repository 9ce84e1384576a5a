package io.actionwatch.benchmark.soak;

import java.util.List;
import java.util.Map;

/**
 * Everything one soak measured, and the goals it is judged by.
 *
 * @param settings    what ran, in the order the report lists it (load, duration, warm-up, model, machine)
 * @param memory      every process's samples, minute by minute
 * @param trends      per process (in start order), per metric: the trend after the warm-up
 * @param load        the stream application's position on frames.v1 at each sample
 * @param clips       lost and duplicate clips against the frames on frames.v1
 * @param deadLetters what dlq.v1 holds
 * @param latency     per window of the load
 * @param goals       each goal with what was measured and whether it was met
 */
record SoakResult(Map<String, String> settings, List<MemoryRow> memory,
                  Map<String, Map<MemoryMetric, MemoryTrend>> trends, List<LoadRow> load, ClipLedger.Result clips,
                  TopicAudit.DeadLetters deadLetters, List<LatencyWindows.Window> latency, List<Goal> goals) {

    /** One process at one sample. */
    record MemoryRow(double minute, String process, long pid, JvmMemoryProbe.Sample sample) {
    }

    /** The stream application's committed offsets against the end of frames.v1 at one sample. */
    record LoadRow(double minute, long endOffsets, long committed) {
        long lag() {
            return endOffsets - committed;
        }
    }

    record Goal(String goal, String measured, boolean met) {
    }

    boolean allGoalsMet() {
        return goals.stream().allMatch(Goal::met);
    }
}
