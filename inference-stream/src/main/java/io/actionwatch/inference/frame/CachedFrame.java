package io.actionwatch.inference.frame;

import io.actionwatch.schemas.SceneTruth;
import io.actionwatch.schemas.VideoFrame;

/**
 * The in-memory side of a stored frame: what a clip needs from it (capture time, ground-truth label, preprocessed
 * pixels). Overlapping clips share one instance, so each frame is decoded once. After a restore the store holds
 * frames this process never decoded; those start as stubs (sequence only) and are hydrated from the stored bytes
 * when a clip first needs them.
 */
public final class CachedFrame implements ClipSlot {

    /** Frame metadata key holding the ground-truth action label. */
    public static final String LABEL_KEY = SceneTruth.LABEL;

    private final long sequence;
    private long captureMillis;
    private String label;
    private float[] pixels;
    private boolean hydrated;

    private CachedFrame(long sequence) {
        this.sequence = sequence;
    }

    public static CachedFrame decoded(VideoFrame frame, float[] pixels) {
        CachedFrame cached = new CachedFrame(frame.getSequence());
        cached.hydrate(frame, pixels);
        return cached;
    }

    /** The frame's ground-truth label metadata ({@value #LABEL_KEY}), or null. */
    public static String labelOf(VideoFrame frame) {
        return frame.getMetadata().get(LABEL_KEY);
    }

    public static CachedFrame stub(long sequence) {
        return new CachedFrame(sequence);
    }

    public void hydrate(VideoFrame frame, float[] pixels) {
        this.captureMillis = frame.getCaptureTime().toEpochMilli();
        this.label = labelOf(frame);
        this.pixels = pixels;
        this.hydrated = true;
    }

    /** Hands the pixel slice back (to its pool) and forgets it. */
    public float[] takePixels() {
        float[] p = pixels;
        pixels = null;
        hydrated = false;
        return p;
    }

    public long sequence() {
        return sequence;
    }

    @Override
    public long captureMillis() {
        return captureMillis;
    }

    @Override
    public String label() {
        return label;
    }

    public float[] pixels() {
        return pixels;
    }

    public boolean hydrated() {
        return hydrated;
    }
}
