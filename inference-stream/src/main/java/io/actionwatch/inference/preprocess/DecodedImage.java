package io.actionwatch.inference.preprocess;

/**
 * A decoded 8-bit, 3-channel interleaved image as a decoder left it. Mutable and reused by its decoder from frame to
 * frame (its buffer belongs to the decoder), so a frame costs no image allocation once sizes repeat.
 */
public final class DecodedImage {

    private byte[] data;
    private int width;
    private int height;
    private int rowStride;
    private int redOffset;
    private int greenOffset;
    private int blueOffset;

    /** Points this image at decoder-owned pixels: pixel (x, y) channel c at {@code y*rowStride + 3*x + offset(c)}. */
    public void set(byte[] data, int width, int height, int rowStride, int redOffset, int greenOffset, int blueOffset) {
        if ((long) rowStride * (height - 1) + 3L * width > data.length) {
            throw new IllegalArgumentException("pixel buffer of " + data.length + " bytes is too small for "
                    + width + "x" + height + " with row stride " + rowStride);
        }
        this.data = data;
        this.width = width;
        this.height = height;
        this.rowStride = rowStride;
        this.redOffset = redOffset;
        this.greenOffset = greenOffset;
        this.blueOffset = blueOffset;
    }

    public byte[] data() {
        return data;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int rowStride() {
        return rowStride;
    }

    public int redOffset() {
        return redOffset;
    }

    public int greenOffset() {
        return greenOffset;
    }

    public int blueOffset() {
        return blueOffset;
    }
}
