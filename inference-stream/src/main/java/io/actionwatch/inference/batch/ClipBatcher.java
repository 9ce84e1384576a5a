package io.actionwatch.inference.batch;

import io.actionwatch.inference.model.ClipClassifier;
import io.actionwatch.inference.model.ClipFrames;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects ready clips of one task's cameras and runs them through the model in one call when
 * {@code maxClips} are waiting or the oldest has waited {@code maxWaitMillis}: the accelerator gets batches, a
 * quiet camera does not wait on a busy one for long. Single-threaded (owned by one task).
 *
 * @param <T> the entry type
 */
public final class ClipBatcher<T extends BatchItem> {

    /**
     * Thread CPU time next to wall time tells an operator whether a slow model call computed or waited for a core
     * (ONNX Runtime's CPU provider with one intra-op thread computes on the calling thread).
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported()
            && THREADS.isThreadCpuTimeEnabled();

    private final ClipClassifier classifier;
    private final int maxClips;
    private final long maxWaitMillis;
    private final List<T> entries = new ArrayList<>();
    private final List<T> clips = new ArrayList<>();
    private final ClipFrames view = new ClipFrames() {
        @Override
        public int clipCount() {
            return clips.size();
        }

        @Override
        public float[] frame(int clip, int t) {
            return clips.get(clip).frame(t);
        }
    };
    private long oldestMillis = -1;
    private int lastBatchSize;
    private float lastInferenceMillis;
    private float lastInferenceCpuMillis = Float.NaN;

    /**
     * @param maxClips most clips per model call, capped at the classifier's maximum; 0 takes the classifier's maximum
     */
    public ClipBatcher(ClipClassifier classifier, int maxClips, long maxWaitMillis) {
        if (maxClips < 0) {
            throw new IllegalArgumentException("maxClips must be >= 0, was " + maxClips);
        }
        this.classifier = classifier;
        this.maxClips = maxClips == 0 ? classifier.maxBatchSize() : Math.min(maxClips, classifier.maxBatchSize());
        this.maxWaitMillis = maxWaitMillis;
    }

    /**
     * Queues an entry.
     *
     * @return true when the batch is full and must be flushed before anything else is added
     */
    public boolean add(T item, long nowMillis) {
        if (clips.size() >= maxClips) {
            throw new IllegalStateException("batch is full (" + maxClips + " clips); flush before adding");
        }
        if (entries.isEmpty()) {
            oldestMillis = nowMillis;
        }
        entries.add(item);
        if (item.needsInference()) {
            clips.add(item);
        }
        return clips.size() >= maxClips;
    }

    /** Whether the oldest entry has waited long enough. */
    public boolean isDue(long nowMillis) {
        return !entries.isEmpty() && nowMillis - oldestMillis >= maxWaitMillis;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /**
     * Classifies the queued clips in one model call and hands every entry to {@code outcome} in arrival order. The
     * batch is emptied before outcomes run, so an outcome may queue new entries.
     */
    public void flush(BatchOutcome<T> outcome) {
        if (entries.isEmpty()) {
            return;
        }
        List<T> flushed = List.copyOf(entries);
        int batchSize = clips.size();
        float[][] logits = null;
        float inferenceMillis = 0f;
        float inferenceCpuMillis = Float.NaN;
        if (batchSize > 0) {
            long cpuStarted = CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
            long started = System.nanoTime();
            logits = classifier.classify(view);
            inferenceMillis = (System.nanoTime() - started) / 1_000_000f;
            if (CPU_TIME) {
                inferenceCpuMillis = (THREADS.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000f;
            }
        }
        entries.clear();
        clips.clear();
        oldestMillis = -1;
        lastBatchSize = batchSize;
        lastInferenceMillis = inferenceMillis;
        lastInferenceCpuMillis = inferenceCpuMillis;
        int clip = 0;
        for (T item : flushed) {
            float[] row = item.needsInference() ? logits[clip++] : null;
            outcome.accept(item, row, batchSize, inferenceMillis);
        }
    }

    /** Clips in the most recent flush's model call (0 when it had none). */
    public int lastBatchSize() {
        return lastBatchSize;
    }

    /** Wall time of the most recent flush's model call in milliseconds. */
    public float lastInferenceMillis() {
        return lastInferenceMillis;
    }

    /**
     * CPU time of the calling thread during the most recent flush's model call in milliseconds; NaN when the JVM
     * does not measure thread CPU time or the flush had no model call.
     */
    public float lastInferenceCpuMillis() {
        return lastInferenceCpuMillis;
    }

    /** Forgets queued entries without running them (task closing; they are rebuilt from state). */
    public void clear() {
        entries.clear();
        clips.clear();
        oldestMillis = -1;
    }
}
