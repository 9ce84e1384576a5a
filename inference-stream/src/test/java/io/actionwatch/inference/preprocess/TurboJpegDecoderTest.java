package io.actionwatch.inference.preprocess;

import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.ClipRenderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TurboJpegDecoderTest extends JpegDecoderContractTest {

    @BeforeAll
    static void requireLibrary() {
        // ./run-tests installs libturbojpeg0, so CI always runs these; elsewhere they are skipped with the reason.
        if (System.getenv("CI") != null) {
            assertTrue(TurboJpegDecoder.isAvailable(), TurboJpegDecoder.unavailableReason());
        } else {
            assumeTrue(TurboJpegDecoder.isAvailable(), TurboJpegDecoder.unavailableReason());
        }
    }

    @Override
    ImageDecoder newDecoder() {
        return new TurboJpegDecoder();
    }

    @Test
    void decodesCameraFramesToNearlyTheSamePixelsAsImageIo() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        try (ClipRenderer renderer = new ClipRenderer(320, 240, 15, true);
             JpegEncoder jpeg = new JpegEncoder(JpegEncoder.DEFAULT_QUALITY)) {
            renderer.render(Action.WAVING, 11L, 4, 2, (frame, t) -> frames.add(jpeg.encode(frame.image())));
        }
        long differing = 0;
        long total = 0;
        int worst = 0;
        try (TurboJpegDecoder turbo = new TurboJpegDecoder(); ImageIoJpegDecoder imageIo = new ImageIoJpegDecoder()) {
            DecodedImage a = new DecodedImage();
            DecodedImage b = new DecodedImage();
            for (byte[] frame : frames) {
                turbo.decode(frame, 0, frame.length, a);
                imageIo.decode(frame, 0, frame.length, b);
                assertThat(a.width()).isEqualTo(b.width());
                assertThat(a.height()).isEqualTo(b.height());
                for (int i = 0; i < 3 * a.width() * a.height(); i++) {
                    int d = Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF));
                    worst = Math.max(worst, d);
                    differing += d == 0 ? 0 : 1;
                    total++;
                }
            }
        }
        // Both are IJG-derived with the accurate integer IDCT; they may differ by rounding in chroma upsampling.
        assertThat(worst).as("largest per-channel difference").isLessThanOrEqualTo(3);
        assertThat((double) differing / total).as("share of channel values that differ").isLessThan(0.05);
    }
}
