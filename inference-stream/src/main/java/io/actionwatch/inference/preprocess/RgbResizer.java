package io.actionwatch.inference.preprocess;

import java.nio.IntBuffer;

/**
 * Resizes a decoded image to a fixed size as interleaved RGB integers 0..255 (height x width x 3), the input of
 * models that take raw pixels, such as the pose estimator. Same sampling rule as {@link FrameTensorizer} (bilinear,
 * half-pixel centres, whole frame), rounded to the nearest level. One instance per thread.
 */
public final class RgbResizer {

    private final ResizeTables tables;

    public RgbResizer(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("output size must be positive, was " + width + "x" + height);
        }
        this.tables = new ResizeTables(width, height);
    }

    /** Values one image occupies (height * width * 3). */
    public int values() {
        return 3 * tables.outWidth() * tables.outHeight();
    }

    /** Writes the resized image into {@code out} from index 0 (absolute puts; the buffer's position is unchanged). */
    public void resize(DecodedImage image, IntBuffer out) {
        if (out.capacity() < values()) {
            throw new IllegalArgumentException("output buffer holds " + out.capacity() + " values, needs " + values());
        }
        ResizeAxis[] axes = tables.axesFor(image.width(), image.height());
        ResizeAxis xs = axes[0];
        ResizeAxis ys = axes[1];
        byte[] src = image.data();
        int stride = image.rowStride();
        int outWidth = tables.outWidth();
        int red = image.redOffset();
        int green = image.greenOffset();
        int blue = image.blueOffset();
        int o = 0;
        for (int y = 0; y < tables.outHeight(); y++) {
            int row0 = ys.lower(y) * stride;
            int row1 = ys.upper(y) * stride;
            float h1 = ys.upperWeight(y);
            float h0 = 1f - h1;
            for (int x = 0; x < outWidth; x++) {
                int x0 = 3 * xs.lower(x);
                int x1 = 3 * xs.upper(x);
                float w1 = xs.upperWeight(x);
                float w0 = 1f - w1;
                out.put(o++, sample(src, row0 + red, row1 + red, x0, x1, h0, h1, w0, w1));
                out.put(o++, sample(src, row0 + green, row1 + green, x0, x1, h0, h1, w0, w1));
                out.put(o++, sample(src, row0 + blue, row1 + blue, x0, x1, h0, h1, w0, w1));
            }
        }
    }

    private static int sample(byte[] src, int row0, int row1, int x0, int x1, float h0, float h1, float w0,
                              float w1) {
        float v = h0 * (w0 * (src[row0 + x0] & 0xFF) + w1 * (src[row0 + x1] & 0xFF))
                + h1 * (w0 * (src[row1 + x0] & 0xFF) + w1 * (src[row1 + x1] & 0xFF));
        return (int) (v + 0.5f);
    }
}
