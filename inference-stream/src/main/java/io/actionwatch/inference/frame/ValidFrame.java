package io.actionwatch.inference.frame;

import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.schemas.VideoFrame;

import java.util.List;

/**
 * A frame that passed intake, handed in memory to the clip assembler of the same task. It belongs to neither side so
 * that intake and clip assembly depend on this hand-over, not on each other.
 *
 * @param encoded the record value exactly as read (registry wire format); what the frame store keeps
 * @param pixels  the preprocessed slice (owned by the receiver, from the shared pool), or null for a frame no clip
 *                uses (and always for a per-person model, whose clips are drawn from poses)
 * @param people  the people the pose model found in a sampled frame, for a per-person model; null otherwise
 */
public record ValidFrame(VideoFrame frame, byte[] encoded, float[] pixels, List<PersonDetection> people) {

    /** A frame for a whole-frame model. */
    public ValidFrame(VideoFrame frame, byte[] encoded, float[] pixels) {
        this(frame, encoded, pixels, null);
    }
}
