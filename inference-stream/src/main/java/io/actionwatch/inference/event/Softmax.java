package io.actionwatch.inference.event;

/** Numerically stable softmax (the model emits logits; events carry probabilities). */
public final class Softmax {

    private Softmax() {
    }

    /** Writes softmax(logits) into {@code out}, which may be the same array. */
    public static void apply(float[] logits, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double e = Math.exp(logits[i] - max);
            out[i] = (float) e;
            sum += e;
        }
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (out[i] / sum);
        }
    }
}
