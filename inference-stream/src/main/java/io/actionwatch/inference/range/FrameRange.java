package io.actionwatch.inference.range;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which frames of the frames topic a topology processes: capture times (= record timestamps) in
 * {@code [fromMillis, toMillis)}, of the listed cameras (record key; empty = every camera), at offsets below each
 * partition's end offset (partitions not listed have no end). Live processing takes {@link #everything()}; a replay
 * takes a bounded range whose end offsets were fixed when it started, so a live topic's newer frames never enter it.
 *
 * @param endOffsets per frames-topic partition, the first offset not to process
 */
public record FrameRange(long fromMillis, long toMillis, Set<String> cameras, Map<Integer, Long> endOffsets) {

    private static final FrameRange EVERYTHING = new FrameRange(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Map.of());

    public FrameRange {
        if (fromMillis > toMillis) {
            throw new IllegalArgumentException("range start " + describe(fromMillis) + " is after its end "
                    + describe(toMillis));
        }
        cameras = Set.copyOf(Objects.requireNonNull(cameras, "cameras"));
        endOffsets = Map.copyOf(Objects.requireNonNull(endOffsets, "endOffsets"));
    }

    /** Every frame: live processing. */
    public static FrameRange everything() {
        return EVERYTHING;
    }

    /** Frames captured in {@code [from, to)} of {@code cameras} (empty = all) below the given end offsets. */
    public static FrameRange of(Instant from, Instant to, Set<String> cameras, Map<Integer, Long> endOffsets) {
        return new FrameRange(from.toEpochMilli(), to.toEpochMilli(), cameras, endOffsets);
    }

    public boolean isEverything() {
        return equals(EVERYTHING);
    }

    /**
     * @param camera    the record key as text; null when the record has none (it then belongs to no listed camera)
     * @param timestamp the record timestamp, the frame's capture time
     */
    public boolean accepts(String camera, long timestamp, int partition, long offset) {
        if (timestamp < fromMillis || timestamp >= toMillis) {
            return false;
        }
        if (!cameras.isEmpty() && (camera == null || !cameras.contains(camera))) {
            return false;
        }
        Long end = endOffsets.get(partition);
        return end == null || offset < end;
    }

    private static String describe(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
