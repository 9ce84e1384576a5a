package io.actionwatch.inference.frame;

/**
 * What gap filling and ground truth need of one frame of a clip, whatever the clip is made of: a camera's decoded
 * frames, or one tracked person's poses.
 */
public interface ClipSlot {

    long captureMillis();

    /** The frame's ground-truth label metadata, or null. */
    String label();
}
