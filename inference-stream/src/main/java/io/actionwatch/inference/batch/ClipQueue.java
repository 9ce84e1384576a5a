package io.actionwatch.inference.batch;

import io.actionwatch.inference.metrics.PipelineSensors;

/**
 * One task's decided clips on their way through the model, resolved per stream in clip order: a stream's cursor can
 * only move forward one clip after the other, so a skipped clip queues behind its stream's clips still in the batch
 * (and resolves at once when there are none). Each model call is recorded in the pipeline metrics. Single-threaded
 * (owned by one task).
 */
public final class ClipQueue {

    private final ClipBatcher<ScheduledClip> batcher;
    private final PipelineSensors sensors;
    private final BatchOutcome<ScheduledClip> outcome;

    /**
     * @param outcome receives every entry once it is done, a stream's entries in the order they were queued
     */
    public ClipQueue(ClipBatcher<ScheduledClip> batcher, PipelineSensors sensors, BatchOutcome<ScheduledClip> outcome) {
        this.batcher = batcher;
        this.sensors = sensors;
        this.outcome = outcome;
    }

    /** Queues a clip for the model, running the batch when it is full. */
    public void ready(ScheduledClip clip, long nowMillis) {
        enqueue(clip, nowMillis);
    }

    /** Resolves skipped clips in order behind their stream's clips in the batch. */
    public void skipped(ScheduledClip skip, long nowMillis) {
        if (skip.stream().pending() == 0) {
            outcome.accept(skip, null, 0, 0f);
        } else {
            enqueue(skip, nowMillis);
        }
    }

    private void enqueue(ScheduledClip entry, long nowMillis) {
        entry.stream().pendingAdded();
        if (batcher.add(entry, nowMillis)) {
            flush();
        }
    }

    /** Runs the batch once its oldest entry has waited long enough. */
    public void flushIfDue(long nowMillis) {
        if (batcher.isDue(nowMillis)) {
            flush();
        }
    }

    /** Runs the batch now. */
    public void flush() {
        batcher.flush(this::resolve);
        int size = batcher.lastBatchSize();
        if (size > 0) {
            sensors.count(PipelineSensors.BATCHES);
            sensors.count(PipelineSensors.BATCHED_CLIPS, size);
            sensors.duration(PipelineSensors.INFERENCE_MILLIS, batcher.lastInferenceMillis());
            float cpuMillis = batcher.lastInferenceCpuMillis();
            if (!Float.isNaN(cpuMillis)) {
                sensors.duration(PipelineSensors.INFERENCE_CPU_MILLIS, cpuMillis);
            }
        }
    }

    private void resolve(ScheduledClip entry, float[] logits, int batchSize, float inferenceMillis) {
        entry.stream().pendingResolved();
        outcome.accept(entry, logits, batchSize, inferenceMillis);
    }

    public boolean isEmpty() {
        return batcher.isEmpty();
    }

    public int size() {
        return batcher.size();
    }

    /** Forgets the queued entries without running them (task closing; they are rebuilt from state). */
    public void clear() {
        batcher.clear();
    }
}
