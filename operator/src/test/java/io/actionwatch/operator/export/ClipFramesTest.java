package io.actionwatch.operator.export;

import static io.actionwatch.operator.export.ClipTestData.START;
import static io.actionwatch.operator.export.ClipTestData.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.schemas.Person;
import io.actionwatch.schemas.VideoFrame;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ClipFramesTest {

    @Test
    void gapsInTheClipsSequenceRangeBecomePlaceholdersAndExtraFramesAreLeftOut() {
        List<ClipFrame> found = List.of(frame(3, 4, 3, Color.RED), frame(0, 4, 3, Color.RED), frame(9, 4, 3, Color.RED),
                frame(0, 4, 3, Color.BLUE));
        List<ClipFrame> frames = ClipFrames.inOrder(found, Optional.of(new ClipSubject.SequenceRange(100, 104)));
        assertThat(frames).extracting(ClipFrame::sequence).containsExactly(100L, 101L, 102L, 103L, 104L);
        assertThat(frames).extracting(ClipFrame::isPlaceholder).containsExactly(false, true, true, false, true);
        // The first of a redelivered frame is kept.
        assertThat(frames.get(0).image().orElseThrow().getRGB(0, 0)).isEqualTo(Color.RED.getRGB());
    }

    @Test
    void withoutARangeTheFramesFoundSetIt() {
        List<ClipFrame> frames = ClipFrames.inOrder(List.of(frame(4, 4, 3, Color.RED), frame(2, 4, 3, Color.RED)),
                Optional.empty());
        assertThat(frames).extracting(ClipFrame::sequence).containsExactly(102L, 103L, 104L);
    }

    @Test
    void aRangeTooLongForOneClipIsRefused() {
        assertThatThrownBy(() -> ClipFrames.inOrder(List.of(),
                Optional.of(new ClipSubject.SequenceRange(0, ClipFrames.MAX_FRAMES))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than the 1000");
    }

    @Test
    void decoderScalesToTheWidthAndDrawsThePersonsBox() throws Exception {
        Person person = new Person(1L, 0.25f, 0.25f, 0.75f, 0.75f, 0.9f);
        ClipFrame frame = new FrameDecoder(80, Optional.of(person)).decode(videoFrame(jpeg(160, 120)));
        BufferedImage image = frame.image().orElseThrow();
        assertThat(image.getWidth()).isEqualTo(80);
        assertThat(image.getHeight()).isEqualTo(60);
        assertThat(frame.captureTime()).contains(START);
        // The box's left edge at x = 0.25 * 80 = 20, between y = 15 and 45; the grey frame elsewhere.
        assertThat(new Color(image.getRGB(20, 30))).isEqualTo(FrameDecoder.PERSON_BOX);
        assertThat(new Color(image.getRGB(5, 5)).getRed()).isBetween(100, 156);
    }

    @Test
    void anUndecodableFrameBecomesAPlaceholderSayingWhy() {
        VideoFrame garbage = videoFrame(new byte[] {1, 2, 3, 4});
        ClipFrame frame = new FrameDecoder(80, Optional.empty()).decode(garbage);
        assertThat(frame.isPlaceholder()).isTrue();
        assertThat(frame.captureTime()).contains(START);
        assertThat(frame.problem()).hasValueSatisfying(reason -> assertThat(reason).contains("no image reader"));
    }

    @Test
    void widthOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new FrameDecoder(8, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--width");
    }

    private static byte[] jpeg(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(ClipTestData.filled(width, height, Color.GRAY), "jpg", out);
        return out.toByteArray();
    }

    private static VideoFrame videoFrame(byte[] data) {
        return VideoFrame.newBuilder().setCameraId("cam-7").setSequence(100).setCaptureTime(START).setCodec("jpeg")
                .setWidth(160).setHeight(120).setData(ByteBuffer.wrap(data)).setMetadata(Map.of()).setEpoch(1).build();
    }
}
