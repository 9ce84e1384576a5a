package io.actionwatch.inference.model;

/** Classifies batches of preprocessed clips. Implementations are shared by all stream threads and thread-safe. */
public interface ClipClassifier {

    /** Largest number of clips one call accepts. */
    int maxBatchSize();

    /**
     * Runs the model once over all clips.
     *
     * @return logits, one row per clip in input order, one column per card label
     */
    float[][] classify(ClipFrames clips);
}
