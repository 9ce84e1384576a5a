package io.actionwatch.operator.export;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One frame of an exported clip, in sequence order: its image, or none when the frame is missing from the frames
 * topic or could not be decoded, in which case a placeholder is drawn in its place and {@code problem} says why.
 *
 * @param captureTime empty for a frame that was never found
 */
public record ClipFrame(long sequence, Optional<Instant> captureTime, Optional<BufferedImage> image,
                        Optional<String> problem) {

    public ClipFrame {
        Objects.requireNonNull(captureTime, "captureTime");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(problem, "problem");
        if (image.isPresent() == problem.isPresent()) {
            throw new IllegalArgumentException("frame " + sequence + " needs exactly one of an image and a problem");
        }
    }

    public static ClipFrame decoded(long sequence, Instant captureTime, BufferedImage image) {
        return new ClipFrame(sequence, Optional.of(captureTime), Optional.of(image), Optional.empty());
    }

    public static ClipFrame undecodable(long sequence, Instant captureTime, String reason) {
        return new ClipFrame(sequence, Optional.of(captureTime), Optional.empty(), Optional.of(reason));
    }

    public static ClipFrame missing(long sequence) {
        return new ClipFrame(sequence, Optional.empty(), Optional.empty(), Optional.of("missing"));
    }

    public boolean isPlaceholder() {
        return image.isEmpty();
    }
}
