package io.actionwatch.ingest.video;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Videos made for the tests by the machine's own ffmpeg (a test dependency, installed by ./run-tests). */
public final class TestVideos {

    private TestVideos() {
    }

    /**
     * Encodes {@code frames} frames of FFmpeg's moving test pattern at {@code width x height} and {@code fps} with
     * {@code codec} (e.g. {@code mpeg4}, {@code mjpeg}, {@code libx264}) into {@code file}; its extension picks the
     * container.
     */
    public static Path encode(Path file, String codec, int width, int height, int fps, int frames)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-frames:v", Integer.toString(frames),
                "-c:v", codec, "-pix_fmt", codec.equals("mjpeg") ? "yuvj420p" : "yuv420p"));
        if (!codec.equals("mjpeg") && !codec.equals("libx264")) {
            command.addAll(List.of("-q:v", "3"));
        }
        command.add(file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ffmpeg did not finish encoding " + file);
        }
        if (process.exitValue() != 0) {
            throw new IOException("ffmpeg failed to encode " + file + " (exit " + process.exitValue() + "): " + output);
        }
        return file;
    }
}
