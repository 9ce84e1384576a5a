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

    @Test
    void libjpegTurboIsUsedWhereInstalledAndWritesWhatImageIoWrites() throws IOException {
        // ./run-tests installs libturbojpeg0, so the fast path is what runs here; a missing library fails this test.
        assertThat(TurboJpegEncoder.isAvailable()).as("libturbojpeg0 installed").isTrue();
        try (JpegEncoder chosen = JpegEncoder.withPercent(85)) {
            assertThat(chosen.backend()).isEqualTo("turbojpeg");
        }
        // Training data written with one library and live frames with the other must look alike to the model: the
        // two decode to pixels under one grey level apart on average, far less than what JPEG itself changes, and
        // to the same sizes within 10%, at every quality the project uses.
        for (int percent : new int[] {70, 85, 95}) {
            for (long seed = 3; seed <= 5; seed++) {
                BufferedImage image = sceneFrame(seed);
                try (JpegEncoder turbo = new JpegEncoder(percent / 100f, true);
                     JpegEncoder imageIo = new JpegEncoder(percent / 100f, false)) {
                    byte[] fast = turbo.encode(image);
                    byte[] slow = imageIo.encode(image);
                    BufferedImage a = ImageIO.read(new ByteArrayInputStream(fast));
                    BufferedImage b = ImageIO.read(new ByteArrayInputStream(slow));
                    double between = meanAbsoluteDifference(a, b);
                    double jpegOwnError = meanAbsoluteDifference(image, b);
                    // Measured: 0.36-0.96 grey levels apart where JPEG itself is 2.3-4.1 off the original.
                    assertThat(between).as("quality %d seed %d", percent, seed).isLessThan(1.0)
                            .isLessThan(jpegOwnError / 2);
                    assertThat((double) fast.length / slow.length).isBetween(0.9, 1.1);
                }
            }
        }
    }

    @Test
    void imagesOfOtherTypesAreConvertedFirst() throws IOException {
        BufferedImage bgr = sceneFrame(3);
        BufferedImage intRgb = new BufferedImage(bgr.getWidth(), bgr.getHeight(), BufferedImage.TYPE_INT_RGB);
        intRgb.getGraphics().drawImage(bgr, 0, 0, null);
        try (JpegEncoder encoder = new JpegEncoder(0.85f, true)) {
            assertThat(encoder.encode(intRgb)).isEqualTo(encoder.encode(bgr));
            BufferedImage sub = bgr.getSubimage(10, 10, 100, 80);
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(encoder.encode(sub)));
            assertThat(decoded.getWidth()).isEqualTo(100);
            assertThat(meanAbsoluteDifference(sub, decoded)).isLessThan(6.0);
        }
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
