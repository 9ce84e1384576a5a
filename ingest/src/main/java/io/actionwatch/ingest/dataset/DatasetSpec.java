package io.actionwatch.ingest.dataset;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the {@code dataset} command writes.
 *
 * <p>Seeds: clip {@code i} of the split at position {@code s} in {@link #splits()} has seed
 * {@code seed * 1e9 + s * 1e8 + i}, so splits occupy disjoint seed ranges and a data set never shares a clip seed
 * with another data set of a different {@code seed}. Seeds at split positions beyond those written (e.g. position
 * 9) are never used by a data set with the same seed and make fresh evaluation clips.
 *
 * @param out output directory
 * @param frames frames per clip (T)
 * @param frameStep camera frames between kept frames (S)
 * @param width frame width
 * @param height frame height
 * @param fps camera frame rate the motion is rendered at
 * @param jpegQuality JPEG quality in percent
 * @param seed data-set seed, 0 <= seed < 9_000_000_000
 * @param splits the splits, each with its clip count per class
 * @param threads rendering threads (the output does not depend on it)
 */
public record DatasetSpec(Path out, int frames, int frameStep, int width, int height, double fps, int jpegQuality,
                          long seed, List<SplitSpec> splits, int threads) {

    static final long SEEDS_PER_DATASET = 1_000_000_000L;
    static final long SEEDS_PER_SPLIT = 100_000_000L;
    static final int MAX_SPLITS = 10;

    public DatasetSpec {
        if (frames < 1 || frameStep < 1) {
            throw new IllegalArgumentException("frames and frame step must be >= 1");
        }
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("frame size must be at least 16x16");
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be positive");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in 1..100");
        }
        if (seed < 0 || seed >= Long.MAX_VALUE / SEEDS_PER_DATASET - 1) {
            throw new IllegalArgumentException("seed must be in [0, " + (Long.MAX_VALUE / SEEDS_PER_DATASET - 1) + ")");
        }
        if (splits.isEmpty() || splits.size() > MAX_SPLITS) {
            throw new IllegalArgumentException("between 1 and " + MAX_SPLITS + " splits, got " + splits.size());
        }
        Set<String> names = new HashSet<>();
        for (SplitSpec split : splits) {
            if (!names.add(split.name())) {
                throw new IllegalArgumentException("split '" + split.name() + "' given twice");
            }
            if ((long) split.clipsPerClass() * io.actionwatch.ingest.scene.Action.values().length >= SEEDS_PER_SPLIT) {
                throw new IllegalArgumentException("split " + split.name() + " is too large");
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        splits = List.copyOf(splits);
    }

    /** The seed of clip {@code clipIndex} of the split at position {@code splitIndex}. */
    public static long clipSeed(long seed, int splitIndex, long clipIndex) {
        return seed * SEEDS_PER_DATASET + splitIndex * SEEDS_PER_SPLIT + clipIndex;
    }
}
