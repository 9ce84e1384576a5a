package io.actionwatch.ingest.source;

import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * One frame from a {@link FrameSource}.
 *
 * @param image the picture, RGB without alpha; sources may reuse the buffer, so it is valid until the next frame
 * @param metadata annotations to publish with the frame (a synthetic source's ground truth), never null
 */
public record SourceFrame(BufferedImage image, Map<String, String> metadata) {
}
