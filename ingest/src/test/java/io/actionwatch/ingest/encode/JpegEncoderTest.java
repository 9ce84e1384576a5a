package io.actionwatch.ingest.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.ClipRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {

    private static BufferedImage sceneFrame(long seed) {
        // Without sensor noise: noise is exactly what JPEG discards, and would blur what the round trip checks.
        try (ClipRenderer renderer = new ClipRenderer(320, 240, 15, false)) {
            return renderer.renderCopies(Action.WAVING, seed, 1, 1).get(0);
        }
    }

    @Test
    void roundTripKeepsSizeAndContent() throws IOException {
        BufferedImage image = sceneFrame(3);
        try (JpegEncoder encoder = JpegEncoder.withPercent(85)) {
            byte[] jpeg = encoder.encode(image);
            assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8); // SOI marker
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
            assertThat(decoded.getWidth()).isEqualTo(320);
            assertThat(decoded.getHeight()).isEqualTo(240);
            assertThat(meanAbsoluteDifference(image, decoded)).isLessThan(6.0);
        }
    }

    @Test
    void reusedEncoderIsDeterministicAndIndependentOfPreviousImages() {
        BufferedImage a = sceneFrame(3);
        BufferedImage b = sceneFrame(4);
        try (JpegEncoder encoder = JpegEncoder.withPercent(85); JpegEncoder fresh = JpegEncoder.withPercent(85)) {
            byte[] first = encoder.encode(a);
            byte[] other = encoder.encode(b);
            byte[] again = encoder.encode(a);
            assertThat(again).isEqualTo(first).isEqualTo(fresh.encode(a));
            assertThat(other).isNotEqualTo(first);
        }
    }

    @Test
    void qualityControlsSize() {
        BufferedImage image = sceneFrame(5);
        try (JpegEncoder low = JpegEncoder.withPercent(30); JpegEncoder high = JpegEncoder.withPercent(95)) {
            assertThat(low.encode(image).length).isLessThan(high.encode(image).length);
        }
    }

    @Test
    void rejectsQualityOutOfRange() {
        assertThatThrownBy(() -> JpegEncoder.withPercent(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JpegEncoder(-0.1f)).isInstanceOf(IllegalArgumentException.class);
    }

    static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
