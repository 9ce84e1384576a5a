package io.actionwatch.inference.batch;

/**
 * One entry of a batch in arrival order: a clip to classify, or a marker (a skipped clip) that carries no frames
 * but must be resolved in order with the clips queued before it.
 */
public interface BatchItem {

    /** Whether this entry goes to the model. */
    boolean needsInference();

    /** Preprocessed frame t of the clip; only called when {@link #needsInference()}. */
    float[] frame(int t);
}
