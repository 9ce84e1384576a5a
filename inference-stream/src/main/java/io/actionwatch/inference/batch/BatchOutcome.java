package io.actionwatch.inference.batch;

/**
 * Receives a flushed batch's entries, in the order they were added.
 *
 * @param <T> the entry type
 */
@FunctionalInterface
public interface BatchOutcome<T extends BatchItem> {

    /**
     * @param logits          the clip's logits, or null for an entry that needed no inference
     * @param batchSize       clips in the model call
     * @param inferenceMillis wall time of the model call (0 when there was none)
     */
    void accept(T item, float[] logits, int batchSize, float inferenceMillis);
}
