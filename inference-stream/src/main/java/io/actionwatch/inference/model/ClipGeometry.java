package io.actionwatch.inference.model;

/**
 * Where clips fall in a camera's sequence numbers (the model card's contract): frames with
 * {@code sequence % frameStep == 0} are sampled, sampled index {@code i = sequence / frameStep}, and clip k covers
 * sampled indices {@code [k*clipStride, k*clipStride + frames)}. Boundaries depend on sequence numbers only, so a
 * replay or a restart cuts the same clips and the same event ids.
 */
public record ClipGeometry(int frames, int frameStep, int clipStride) {

    public ClipGeometry {
        if (frames < 1 || frameStep < 1 || clipStride < 1) {
            throw new IllegalArgumentException("frames, frameStep and clipStride must be >= 1, were "
                    + frames + ", " + frameStep + ", " + clipStride);
        }
    }

    public static ClipGeometry of(ModelCard card) {
        return new ClipGeometry(card.input().frames(), card.sampling().frameStep(), card.sampling().clipStride());
    }

    public boolean isSampled(long sequence) {
        return sequence % frameStep == 0;
    }

    public long sampledIndex(long sequence) {
        return sequence / frameStep;
    }

    public long sequenceOf(long sampledIndex) {
        return sampledIndex * frameStep;
    }

    public long firstIndex(long clip) {
        return clip * clipStride;
    }

    public long lastIndex(long clip) {
        return clip * clipStride + frames - 1;
    }

    public long firstSequence(long clip) {
        return sequenceOf(firstIndex(clip));
    }

    public long lastSequence(long clip) {
        return sequenceOf(lastIndex(clip));
    }

    /** False for sampled indices that fall in the gap between clips when the stride exceeds the clip length. */
    public boolean usedByAnyClip(long sampledIndex) {
        return clipStride <= frames || sampledIndex % clipStride < frames;
    }

    /** Whether a clip will ever need this frame: sampled and not in an inter-clip gap. */
    public boolean isNeeded(long sequence) {
        return isSampled(sequence) && usedByAnyClip(sampledIndex(sequence));
    }

    /** The first sampled index at or after {@code sequence}. */
    public long sampledIndexAtOrAfter(long sequence) {
        return ceilDiv(sequence, frameStep);
    }

    /** The earliest clip whose range reaches sampled index {@code index} (contains it or lies wholly after it). */
    public long firstClipReaching(long index) {
        return Math.max(0, ceilDiv(index - frames + 1, clipStride));
    }

    /** The earliest clip starting at or after sampled index {@code index}. */
    public long firstClipStartingAt(long index) {
        return Math.max(0, ceilDiv(index, clipStride));
    }

    /**
     * The earliest clip that is not yet past its grace once sequence {@code highestSequence} has been seen, i.e. the
     * smallest k with {@code lastSequence(k) + grace >= highestSequence}.
     */
    public long firstClipWithinGrace(long highestSequence, long graceFrames) {
        long span = (long) clipStride * frameStep;
        return Math.max(0, ceilDiv(highestSequence - graceFrames - (long) (frames - 1) * frameStep, span));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
