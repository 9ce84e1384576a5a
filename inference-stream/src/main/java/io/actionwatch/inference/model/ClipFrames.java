package io.actionwatch.inference.model;

/**
 * A batch of clips as the classifier reads it: clip c's frame t is a preprocessed C*H*W float slice. A view, so
 * callers hand over frames shared between overlapping clips without copying them into per-clip arrays.
 */
public interface ClipFrames {

    int clipCount();

    /** The preprocessed frame t (0-based, time order) of clip c; never modified by the classifier. */
    float[] frame(int clip, int t);
}
