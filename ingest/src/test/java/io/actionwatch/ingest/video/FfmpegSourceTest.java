package io.actionwatch.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actionwatch.ingest.source.SourceFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video files read through FFmpeg: sizes, presentation times, rate limit, loop, MJPEG pass-through, errors. */
class FfmpegSourceTest {

    @TempDir
    static Path dir;
    static Path mp4;
    static Path mjpegAvi;
    static Path mkv;

    @BeforeAll
    static void encodeVideos() throws Exception {
        mp4 = TestVideos.encode(dir.resolve("walk.mp4"), "libx264", 640, 480, 30, 45);
        mjpegAvi = TestVideos.encode(dir.resolve("usb.avi"), "mjpeg", 320, 240, 10, 12);
        mkv = TestVideos.encode(dir.resolve("short.mkv"), "mpeg4", 160, 120, 20, 10);
    }

    @Test
    void decodesEveryFrameScaledIntoTheBoxWithTheFilesOwnTiming() throws IOException {
        VideoSourceSettings settings = VideoSourceSettings.of(VideoInput.file(mp4)).withRealTime(false)
                .withBox(320, 320);
        List<Long> times = new ArrayList<>();
        long previousChecksum = 0;
        int changed = 0;
        try (FfmpegSource source = new FfmpegSource(settings)) {
            assertThat(source.size()).isEqualTo(new FrameSize(320, 240));
            assertThat(source.passThrough()).isFalse();
            assertThat(source.pacesItself()).isTrue();
            SourceFrame frame;
            while ((frame = source.next()) != null) {
                BufferedImage image = frame.image();
                assertThat(image.getWidth()).isEqualTo(320);
                assertThat(image.getHeight()).isEqualTo(240);
                assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
                assertThat(frame.hasCaptureTime()).isTrue();
                long checksum = checksum(image);
                if (checksum != previousChecksum) {
                    changed++;
                }
                previousChecksum = checksum;
                times.add(frame.captureMillis());
            }
        }
        assertThat(times).hasSize(45);
        assertThat(changed).as("frames that differ from the one before").isEqualTo(45);
        for (int i = 1; i < times.size(); i++) {
            // 30 fps: 33.3 ms apart, rounded to the millisecond.
            assertThat(times.get(i) - times.get(0)).as("frame %d", i).isBetween(i * 1000L / 30 - 1, i * 1000L / 30 + 1);
        }
    }

    @Test
    void dropsFramesAboveTheTargetRateByTimestamp() throws IOException {
        VideoSourceSettings settings = VideoSourceSettings.of(VideoInput.file(mp4)).withRealTime(false)
                .withMaxFps(15);
        List<Long> times = readAll(settings);
        assertThat(times).hasSize(23);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).isBetween(66L, 67L);
        }
    }

    @Test
    void passesMjpegThroughWithoutReEncoding() throws IOException {
        VideoSourceSettings settings = VideoSourceSettings.of(VideoInput.file(mjpegAvi)).withRealTime(false);
        int frames = 0;
        try (FfmpegSource source = new FfmpegSource(settings)) {
            assertThat(source.passThrough()).isTrue();
            SourceFrame frame;
            while ((frame = source.next()) != null) {
                assertThat(frame.image()).isNull();
                assertThat(frame.jpeg()[0] & 0xff).isEqualTo(0xff);
                assertThat(frame.jpeg()[1] & 0xff).isEqualTo(0xd8);
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(frame.jpeg()));
                assertThat(decoded.getWidth()).isEqualTo(frame.width()).isEqualTo(320);
                assertThat(decoded.getHeight()).isEqualTo(frame.height()).isEqualTo(240);
                frames++;
            }
        }
        assertThat(frames).isEqualTo(12);

        // Scaled, the same file is decoded and re-encoded by the camera instead.
        try (FfmpegSource scaled = new FfmpegSource(settings.withBox(160, 0))) {
            assertThat(scaled.passThrough()).isFalse();
            assertThat(scaled.next().image().getWidth()).isEqualTo(160);
        }
    }

    @Test
    void aLoopedFileKeepsCountingTimeAcrossPasses() throws IOException {
        VideoSourceSettings settings = VideoSourceSettings.of(VideoInput.file(mkv)).withRealTime(false)
                .withLoop(true);
        List<Long> times = new ArrayList<>();
        try (FfmpegSource source = new FfmpegSource(settings)) {
            for (int i = 0; i < 25; i++) {
                times.add(source.next().captureMillis());
            }
        }
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("step to frame %d", i).isEqualTo(50L);
        }
    }

    @Test
    void playsAFileInRealTimeWhenAsked() throws IOException {
        VideoSourceSettings settings = VideoSourceSettings.of(VideoInput.file(mkv));
        long started = System.nanoTime();
        List<Long> times = readAll(settings);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(times).hasSize(10);
        // The tenth frame is presented 450 ms after the first.
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(440);
    }

    @Test
    void aMissingOrBrokenFileFailsWithTheReason() throws IOException {
        assertThatThrownBy(() -> new FfmpegSource(VideoSourceSettings.of(VideoInput.file(dir.resolve("none.mp4")))))
                .isInstanceOf(IOException.class).hasMessageContaining("none.mp4").hasMessageContaining("does not exist");
        Path junk = Files.write(dir.resolve("junk.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> new FfmpegSource(VideoSourceSettings.of(VideoInput.file(junk))))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot open file(" + junk);
    }

    private static List<Long> readAll(VideoSourceSettings settings) throws IOException {
        List<Long> times = new ArrayList<>();
        try (FfmpegSource source = new FfmpegSource(settings)) {
            SourceFrame frame;
            while ((frame = source.next()) != null) {
                times.add(frame.captureMillis());
            }
        }
        return times;
    }

    private static long checksum(BufferedImage image) {
        long sum = 0;
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 5) {
                sum = sum * 31 + image.getRGB(x, y);
            }
        }
        return sum;
    }
}
