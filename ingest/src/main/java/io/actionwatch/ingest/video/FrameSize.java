package io.actionwatch.ingest.video;

/**
 * The size a camera publishes a source's frames at: the source's own size scaled down to fit a box, aspect ratio
 * kept, never scaled up; both sides even, because the JPEG's 4:2:0 chroma halves them and odd sides would make the
 * encoder pad. A box side of 0 leaves that side unconstrained.
 */
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a frame size must be positive, got " + width + "x" + height);
        }
    }

    /** The size of a {@code sourceWidth x sourceHeight} frame fitted into {@code boxWidth x boxHeight}. */
    public static FrameSize fit(int sourceWidth, int sourceHeight, int boxWidth, int boxHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("the source reports no frame size (" + sourceWidth + "x"
                    + sourceHeight + ")");
        }
        if (boxWidth < 0 || boxHeight < 0) {
            throw new IllegalArgumentException("a box side must be >= 0, got " + boxWidth + "x" + boxHeight);
        }
        double scale = 1.0;
        if (boxWidth > 0) {
            scale = Math.min(scale, (double) boxWidth / sourceWidth);
        }
        if (boxHeight > 0) {
            scale = Math.min(scale, (double) boxHeight / sourceHeight);
        }
        if (scale >= 1.0) {
            return new FrameSize(even(sourceWidth), even(sourceHeight));
        }
        return new FrameSize(even((int) Math.round(sourceWidth * scale)), even((int) Math.round(sourceHeight * scale)));
    }

    private static int even(int side) {
        return Math.max(2, side & ~1);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
