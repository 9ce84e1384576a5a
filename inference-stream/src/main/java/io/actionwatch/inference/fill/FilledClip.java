package io.actionwatch.inference.fill;

import io.actionwatch.inference.frame.ClipSlot;

/**
 * A clip's frames with its gaps filled, and the clip's ground truth. The model takes a fixed number of frames, so a
 * frame that never arrived is stood in for by its nearest present neighbour (the earlier one on a tie): a short
 * freeze, which the scheduler keeps rare by emitting only clips with few frames missing.
 */
public final class FilledClip<F extends ClipSlot> {

    private final F[] frames;
    private final int missingFrames;
    private final String groundTruth;

    private FilledClip(F[] frames, int missingFrames, String groundTruth) {
        this.frames = frames;
        this.missingFrames = missingFrames;
        this.groundTruth = groundTruth;
    }

    /**
     * @param slots the clip's frames in time order, null where one is missing; at least one present
     */
    public static <F extends ClipSlot> FilledClip<F> of(F[] slots) {
        F[] filled = slots.clone();
        int missing = 0;
        for (int t = 0; t < slots.length; t++) {
            if (slots[t] == null) {
                missing++;
                filled[t] = nearest(slots, t);
            }
        }
        return new FilledClip<>(filled, missing, groundTruth(slots));
    }

    private static <F> F nearest(F[] slots, int t) {
        for (int d = 1; d < slots.length; d++) {
            if (t - d >= 0 && slots[t - d] != null) {
                return slots[t - d];
            }
            if (t + d < slots.length && slots[t + d] != null) {
                return slots[t + d];
            }
        }
        throw new IllegalArgumentException("a clip needs at least one present frame");
    }

    /**
     * The label every present frame carries, or null when any lacks one or they disagree: a clip spanning two
     * actions, or partly unlabelled, has no truth to score the model against.
     */
    private static String groundTruth(ClipSlot[] slots) {
        String label = null;
        for (ClipSlot f : slots) {
            if (f == null) {
                continue;
            }
            if (f.label() == null || (label != null && !label.equals(f.label()))) {
                return null;
            }
            label = f.label();
        }
        return label;
    }

    /** The clip's frames in time order, every slot present. */
    public F[] frames() {
        return frames;
    }

    public int missingFrames() {
        return missingFrames;
    }

    public String groundTruth() {
        return groundTruth;
    }

    /** Capture time of the first frame (a stand-in's when the first is missing). */
    public long startMillis() {
        return frames[0].captureMillis();
    }

    /** Capture time of the last frame (a stand-in's when the last is missing). */
    public long endMillis() {
        return frames[frames.length - 1].captureMillis();
    }
}
