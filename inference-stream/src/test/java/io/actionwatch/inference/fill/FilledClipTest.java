package io.actionwatch.inference.fill;

import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.schemas.VideoFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FilledClipTest {

    @Test
    void aCompleteClipIsTakenAsIs() {
        CachedFrame[] slots = {frame(0, "waving"), frame(1, "waving"), frame(2, "waving")};
        FilledClip<CachedFrame> clip = FilledClip.of(slots);
        assertThat(clip.frames()).containsExactly(slots);
        assertThat(clip.missingFrames()).isZero();
        assertThat(clip.groundTruth()).isEqualTo("waving");
        assertThat(clip.startMillis()).isEqualTo(0);
        assertThat(clip.endMillis()).isEqualTo(200);
    }

    @Test
    void gapsTakeTheNearestPresentFrameAndTheEarlierOneOnATie() {
        CachedFrame a = frame(1, "waving");
        CachedFrame b = frame(3, "waving");
        FilledClip<CachedFrame> clip = FilledClip.of(new CachedFrame[]{null, a, null, b, null, null});
        assertThat(clip.frames()).containsExactly(a, a, a, b, b, b);
        assertThat(clip.missingFrames()).isEqualTo(4);
        assertThat(clip.startMillis()).as("the stand-in's capture time").isEqualTo(100);
        assertThat(clip.endMillis()).isEqualTo(300);
    }

    @Test
    void groundTruthIsTheLabelEveryPresentFrameCarries() {
        assertThat(FilledClip.of(new CachedFrame[]{frame(0, "waving"), null, frame(2, "waving")}).groundTruth())
                .isEqualTo("waving");
        assertThat(FilledClip.of(new CachedFrame[]{frame(0, "waving"), frame(1, "falling")}).groundTruth())
                .as("frames disagree").isNull();
        assertThat(FilledClip.of(new CachedFrame[]{frame(0, "waving"), frame(1, null)}).groundTruth())
                .as("a frame without a label").isNull();
    }

    private static CachedFrame frame(long sequence, String label) {
        VideoFrame frame = VideoFrame.newBuilder()
                .setCameraId("cam-a")
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(sequence * 100))
                .setWidth(1)
                .setHeight(1)
                .setData(ByteBuffer.allocate(0))
                .setMetadata(label == null ? Map.of() : Map.of(CachedFrame.LABEL_KEY, label))
                .build();
        return CachedFrame.decoded(frame, new float[]{sequence});
    }
}
