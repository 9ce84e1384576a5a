package io.actionwatch.benchmark.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The camera section's input videos, made once by the machine's own ffmpeg from its moving test pattern
 * ({@code testsrc2}) and kept, so later runs measure reading them, not making them.
 *
 * @param codec  {@code libx264} (what an IP camera sends) or {@code mjpeg} (what a USB camera can send)
 * @param width  frame width in pixels
 * @param height frame height in pixels
 * @param frames frames in the file
 */
public record TestVideo(String codec, int width, int height, int frames) {

    public static final String H264 = "libx264";
    public static final String MJPEG = "mjpeg";
    static final int FPS = 30;
    /**
     * FFmpeg's MJPEG quantiser scale (2 best .. 31 worst): 3 gives 1280x720 JPEGs of the size the camera's own
     * encoder makes of the same frames at quality 85 (57 and 58 KB), so pass-through sends comparable payloads.
     */
    private static final int MJPEG_QSCALE = 3;
    private static final long ENCODE_TIMEOUT_SECONDS = 120;

    public TestVideo {
        if (!codec.equals(H264) && !codec.equals(MJPEG)) {
            throw new IllegalArgumentException("codec must be " + H264 + " or " + MJPEG + ", got " + codec);
        }
        if (width <= 0 || height <= 0 || frames <= 0) {
            throw new IllegalArgumentException("size and frames must be positive, got " + width + "x" + height
                    + ", " + frames + " frames");
        }
    }

    /** The file's name: every parameter in it, so a cached file is reused only for exactly the same video. */
    public String fileName() {
        return String.format(Locale.ROOT, "testsrc2-%dx%d-%dfps-%df-%s.%s", width, height, FPS, frames, codec,
                codec.equals(MJPEG) ? "avi" : "mp4");
    }

    /** The video in {@code dir}, made first when it is not there yet. */
    public Path ensureIn(Path dir) {
        Path file = dir.resolve(fileName());
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir);
            // Written under a temporary name and moved: an interrupted ffmpeg never leaves a file that looks cached.
            Path partial = dir.resolve("partial-" + fileName());
            run(command(partial));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test video " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the test video " + file, e);
        }
    }

    List<String> command(Path output) {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + FPS, "-frames:v", Integer.toString(frames),
                "-c:v", codec,
                // MJPEG's JPEGs use full-range YUV, as camera JPEGs do; H.264 the usual limited range.
                "-pix_fmt", codec.equals(MJPEG) ? "yuvj420p" : "yuv420p"));
        if (codec.equals(MJPEG)) {
            command.addAll(List.of("-q:v", Integer.toString(MJPEG_QSCALE)));
        }
        command.add(output.toString());
        return command;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot start ffmpeg (the camera section needs it, e.g. apt-get install ffmpeg): "
                    + e.getMessage(), e);
        }
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(ENCODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ffmpeg did not finish within " + ENCODE_TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("ffmpeg failed (exit " + process.exitValue() + "): " + command + ": " + output);
        }
    }
}
