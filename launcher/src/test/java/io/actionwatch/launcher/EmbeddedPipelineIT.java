package io.actionwatch.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README command 1, end to end: the launcher starts a real broker JVM and a real registry JVM, the stream
 * application, the sink and synthetic cameras, prints events for every camera, and leaves no process behind.
 */
class EmbeddedPipelineIT {

    private static final Path MODEL_DIR = Path.of("..", "model", "reference");

    @Test
    void printsEventsForEveryCameraAndStopsEverythingItStarted(@TempDir Path work) throws Exception {
        // A real video beside the synthetic cameras: encoded by FFmpeg here, read back through FFmpeg by a camera.
        Path video = work.resolve("street.mp4");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "testsrc2=size=800x600:rate=15", "-frames:v", "90", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                video.toString()).redirectErrorStream(true).start();
        String ffmpegOutput = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ffmpeg.waitFor()).as("ffmpeg: %s", ffmpegOutput).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            exit = new CommandLine(new EmbeddedPipeline(out)).execute(
                    "--cameras", "3", "--duration", "45", "--work-dir", work.resolve("run").toString(),
                    "--model-dir", MODEL_DIR.toString(), "--video", video.toString(), "--loop");
        }

        assertThat(exit).as("exit code").isZero();
        List<String> lines = Arrays.asList(printed.toString(StandardCharsets.UTF_8).split("\n"));
        Set<String> camerasWithEvents = lines.stream()
                .filter(line -> line.matches("^[a-z]+-\\d+\\s+\\d{2}:\\d{2}:\\d{2}\\.\\d{3}-.*"))
                .map(line -> line.split("\\s+")[0])
                .collect(Collectors.toSet());
        assertThat(camerasWithEvents).as("cameras with printed events in:%n%s", String.join("\n", lines))
                .containsExactlyInAnyOrder("cam-1", "cam-2", "cam-3", "video-1");
        assertThat(lines).as("ground truth is printed beside events").anyMatch(line -> line.contains("truth="));
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("processes left running by the launcher").isEmpty();
    }
}
