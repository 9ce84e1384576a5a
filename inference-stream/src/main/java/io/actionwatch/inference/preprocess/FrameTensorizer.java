package io.actionwatch.inference.preprocess;

import io.actionwatch.inference.model.ModelCard;

/**
 * Resizes a decoded image to the model's input size (bilinear, half-pixel centres, whole frame, aspect not kept) and
 * normalises it straight into a C*H*W float slice: {@code (value / scale - mean[c]) / std[c]} in the card's colour
 * order. Index and weight tables are computed once per source size. One instance per thread.
 */
public final class FrameTensorizer {

    private final int outWidth;
    private final int outHeight;
    private final boolean rgb;
    private final float[] gain = new float[3];
    private final float[] bias = new float[3];
    private final ResizeTables tables;

    public FrameTensorizer(ModelCard card) {
        this.outWidth = card.input().width();
        this.outHeight = card.input().height();
        this.rgb = "RGB".equals(card.preprocessing().colorOrder());
        this.tables = new ResizeTables(outWidth, outHeight);
        ModelCard.Preprocessing p = card.preprocessing();
        for (int c = 0; c < 3; c++) {
            // (v / scale - mean) / std folded into one multiply-add per value.
            gain[c] = (float) (1.0 / (p.scale() * p.std()[c]));
            bias[c] = (float) (-p.mean()[c] / p.std()[c]);
        }
    }

    /** Floats one frame occupies (3 * height * width). */
    public int frameFloats() {
        return 3 * outWidth * outHeight;
    }

    /** Writes the preprocessed frame into {@code out[0 .. frameFloats)}, channel-major (C, H, W). */
    public void tensorize(DecodedImage image, float[] out) {
        if (out.length < frameFloats()) {
            throw new IllegalArgumentException("output slice has " + out.length + " floats, needs " + frameFloats());
        }
        ResizeAxis[] axes = tables.axesFor(image.width(), image.height());
        ResizeAxis xs = axes[0];
        ResizeAxis ys = axes[1];
        byte[] src = image.data();
        int stride = image.rowStride();
        int plane = outWidth * outHeight;
        int first = rgb ? image.redOffset() : image.blueOffset();
        int last = rgb ? image.blueOffset() : image.redOffset();
        for (int c = 0; c < 3; c++) {
            int off = c == 0 ? first : c == 1 ? image.greenOffset() : last;
            float g = gain[c];
            float b = bias[c];
            int base = c * plane;
            for (int y = 0; y < outHeight; y++) {
                int row0 = ys.lower(y) * stride + off;
                int row1 = ys.upper(y) * stride + off;
                float h1 = ys.upperWeight(y);
                float h0 = 1f - h1;
                int o = base + y * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    int x0 = 3 * xs.lower(x);
                    int x1 = 3 * xs.upper(x);
                    float w1 = xs.upperWeight(x);
                    float w0 = 1f - w1;
                    float v = h0 * (w0 * (src[row0 + x0] & 0xFF) + w1 * (src[row0 + x1] & 0xFF))
                            + h1 * (w0 * (src[row1 + x0] & 0xFF) + w1 * (src[row1 + x1] & 0xFF));
                    out[o + x] = v * g + b;
                }
            }
        }
    }
}
