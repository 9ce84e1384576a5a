package io.actionwatch.ingest.source;

import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * One frame from a {@link FrameSource}: a picture to encode, or a JPEG the source already holds (a camera that
 * delivers MJPEG), which the camera publishes as it is.
 *
 * @param image the picture, 3-byte BGR; sources may reuse the buffer, so it is valid until the next frame; null
 *              when {@code jpeg} is given
 * @param jpeg an encoded JPEG to publish without re-encoding, or null
 * @param width the frame's width in pixels (the image's, or the JPEG's)
 * @param height the frame's height in pixels
 * @param captureMillis when the source captured the frame (wall clock, ms since 1970), or {@link #CAPTURED_NOW}
 *                      when the camera should stamp it as it takes it
 * @param metadata annotations to publish with the frame (a synthetic source's ground truth), never null
 */
public record SourceFrame(BufferedImage image, byte[] jpeg, int width, int height, long captureMillis,
                          Map<String, String> metadata) {

    /** The source does not know the capture time: the camera stamps the frame when it takes it. */
    public static final long CAPTURED_NOW = Long.MIN_VALUE;

    public SourceFrame {
        if ((image == null) == (jpeg == null)) {
            throw new IllegalArgumentException("a source frame is either an image or a JPEG");
        }
    }

    /** A picture the camera stamps when it takes it. */
    public SourceFrame(BufferedImage image, Map<String, String> metadata) {
        this(image, null, image.getWidth(), image.getHeight(), CAPTURED_NOW, metadata);
    }

    /** A picture captured at a time the source knows (a video's presentation time, a live frame's arrival). */
    public static SourceFrame image(BufferedImage image, long captureMillis, Map<String, String> metadata) {
        return new SourceFrame(image, null, image.getWidth(), image.getHeight(), captureMillis, metadata);
    }

    /** An encoded JPEG, published without decoding or re-encoding. */
    public static SourceFrame jpeg(byte[] jpeg, int width, int height, long captureMillis,
                                   Map<String, String> metadata) {
        return new SourceFrame(null, jpeg, width, height, captureMillis, metadata);
    }

    public boolean hasCaptureTime() {
        return captureMillis != CAPTURED_NOW;
    }
}
