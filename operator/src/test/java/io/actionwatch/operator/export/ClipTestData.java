package io.actionwatch.operator.export;

import io.actionwatch.schemas.Person;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Clips and frames built by hand for the export's unit tests. */
final class ClipTestData {

    static final Instant START = Instant.parse("2026-05-01T10:00:00Z");
    static final Duration INTERVAL = Duration.ofMillis(40);

    private ClipTestData() {
    }

    /** A clip of sequences 100..100+frames-1 at 25 frames a second. */
    static ClipSubject clip(int frames, Optional<Person> person) {
        return new ClipSubject("event e-1", "cam-7", START, START.plus(INTERVAL.multipliedBy(frames - 1)),
                Optional.of(new ClipSubject.SequenceRange(100, 100 + frames - 1)), "falling_down", 0.875f,
                Optional.of("x3d-s 1.2"), person);
    }

    /** Frame {@code index} of that clip, a plain image of {@code color}. */
    static ClipFrame frame(int index, int width, int height, Color color) {
        return ClipFrame.decoded(100 + index, START.plus(INTERVAL.multipliedBy(index)), filled(width, height, color));
    }

    static BufferedImage filled(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, color.getRGB());
            }
        }
        return image;
    }
}
