package io.actionwatch.inference.window;

/**
 * The in-memory side of a stored frame: what a clip needs from it (capture time, ground-truth label, preprocessed
 * pixels). Overlapping clips share one instance, so each frame is decoded once. After a restore the store holds
 * frames this process never decoded; those start as stubs (sequence only) and are hydrated from the stored bytes
 * when a clip first needs them.
 */
final class CachedFrame {

    private final long sequence;
    private long captureMillis;
    private String label;
    private float[] pixels;
    private boolean hydrated;

    private CachedFrame(long sequence) {
        this.sequence = sequence;
    }

    static CachedFrame decoded(long sequence, long captureMillis, String label, float[] pixels) {
        CachedFrame frame = new CachedFrame(sequence);
        frame.hydrate(captureMillis, label, pixels);
        return frame;
    }

    static CachedFrame stub(long sequence) {
        return new CachedFrame(sequence);
    }

    void hydrate(long captureMillis, String label, float[] pixels) {
        this.captureMillis = captureMillis;
        this.label = label;
        this.pixels = pixels;
        this.hydrated = true;
    }

    /** Hands the pixel slice back (to its pool) and forgets it. */
    float[] takePixels() {
        float[] p = pixels;
        pixels = null;
        hydrated = false;
        return p;
    }

    long sequence() {
        return sequence;
    }

    long captureMillis() {
        return captureMillis;
    }

    String label() {
        return label;
    }

    float[] pixels() {
        return pixels;
    }

    boolean hydrated() {
        return hydrated;
    }
}
