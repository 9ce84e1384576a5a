package io.actionwatch.inference.intake;

/**
 * How large a frame's image intake takes (settings {@code frame.max.image.bytes} and {@code frame.max.pixels}); a
 * larger one is an {@link RejectionKind#IMAGE_TOO_LARGE} dead letter.
 *
 * @param maxImageBytes most encoded bytes of one image
 * @param maxPixels     most pixels (width x height) an image may declare; with the JPEG header required to declare
 *                      the same size before decoding, this bounds one frame's decoded pixels (3 bytes each, RGB)
 */
public record IntakeLimits(int maxImageBytes, long maxPixels) {

    public IntakeLimits {
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be at least 1, was " + maxImageBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, was " + maxPixels);
        }
    }
}
