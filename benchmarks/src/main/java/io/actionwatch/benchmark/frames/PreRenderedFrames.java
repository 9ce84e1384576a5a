package io.actionwatch.benchmark.frames;

import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.scene.SceneSettings;
import io.actionwatch.ingest.source.SourceFrame;
import io.actionwatch.ingest.source.SyntheticSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Frames of the project's synthetic scene, rendered and JPEG-encoded once before any measurement, exactly as a
 * synthetic camera would send them (same renderer, same encoder and quality). Benchmarks replay them, so scene
 * rendering and encoding never take CPU from what is being measured.
 */
public final class PreRenderedFrames {

    /** One encoded frame with the ground truth the scene wrote for it. */
    public record Frame(byte[] jpeg, Map<String, String> metadata) {
    }

    private final int width;
    private final int height;
    private final List<Frame> frames;

    private PreRenderedFrames(int width, int height, List<Frame> frames) {
        this.width = width;
        this.height = height;
        this.frames = List.copyOf(frames);
    }

    /** Renders {@code count} consecutive frames of the scene of {@code seed}. */
    public static PreRenderedFrames render(int count, int width, int height, double fps, long seed, int jpegQuality) {
        List<Frame> frames = new ArrayList<>(count);
        try (SyntheticSource source = new SyntheticSource(new SceneSettings(width, height, fps, seed, true));
             JpegEncoder encoder = JpegEncoder.withPercent(jpegQuality)) {
            for (int i = 0; i < count; i++) {
                SourceFrame frame = source.next();
                frames.add(new Frame(encoder.encode(frame.image()), frame.metadata()));
            }
        }
        return new PreRenderedFrames(width, height, frames);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int size() {
        return frames.size();
    }

    /** Frame {@code i} modulo the count: replaying loops over the rendered frames. */
    public Frame get(long i) {
        return frames.get((int) Math.floorMod(i, (long) frames.size()));
    }

    public double meanJpegBytes() {
        return frames.stream().mapToInt(f -> f.jpeg().length).average().orElse(0);
    }
}
