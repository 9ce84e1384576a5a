package io.actionwatch.benchmark.soak;

import io.actionwatch.inference.model.ClipGeometry;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts lost and duplicated clips against the frames that were actually on the frames topic. A clip is expected
 * when every one of its sampled frames (the model card's {@link ClipGeometry}) is on the topic: the application
 * must then emit exactly one event for it. Lost = an expected clip without an event; duplicate = every event beyond
 * the first for the same clip. Events for clips that were not complete on the topic (a frame missing and filled)
 * are counted apart: they are allowed, not expected. For whole-frame models (one event per clip).
 */
public final class ClipLedger {

    /** The clip an event names: camera and the sequence numbers of its first and last sampled frames. */
    public record ClipEvent(String cameraId, long firstSequence, long lastSequence) {
        public ClipEvent {
            Objects.requireNonNull(cameraId, "cameraId");
        }
    }

    /**
     * One camera's account.
     *
     * @param frames          frames of the camera on the topic
     * @param expectedClips   clips whose sampled frames are all on the topic
     * @param lost            expected clips without an event
     * @param duplicates      events beyond the first for the same clip
     * @param extraClips      clips with an event that were not complete on the topic (allowed)
     * @param misaligned      events whose sequence range is not a clip of the geometry (a wrong model card)
     * @param firstLost       sequence numbers of the first few lost clips' first frames, for the report
     */
    public record CameraCount(String cameraId, long frames, long expectedClips, long lost, long duplicates,
                              long extraClips, long misaligned, List<Long> firstLost) {
    }

    /** All cameras (sorted by id) and their sums. */
    public record Result(List<CameraCount> cameras, long frames, long expectedClips, long lost, long duplicates,
                         long extraClips, long misaligned) {
    }

    private static final int LOST_EXAMPLES = 5;

    private ClipLedger() {
    }

    /**
     * @param geometry         the model card's clip geometry
     * @param framesPerCamera  for each camera, the sequence numbers of its frames on the topic (one camera run, so
     *                         one numbering: a camera that restarted cannot be told apart by sequence)
     * @param events           the events read from the actions topic
     */
    public static Result count(ClipGeometry geometry, Map<String, BitSet> framesPerCamera, List<ClipEvent> events) {
        Map<String, Map<Long, Integer>> eventsPerClip = new HashMap<>();
        Map<String, Long> misaligned = new HashMap<>();
        for (ClipEvent e : events) {
            long first = geometry.sampledIndex(e.firstSequence());
            long clip = first / geometry.clipStride();
            boolean aligned = geometry.isSampled(e.firstSequence()) && first % geometry.clipStride() == 0
                    && geometry.lastSequence(clip) == e.lastSequence();
            if (!aligned) {
                misaligned.merge(e.cameraId(), 1L, Long::sum);
                continue;
            }
            eventsPerClip.computeIfAbsent(e.cameraId(), c -> new HashMap<>()).merge(clip, 1, Integer::sum);
        }
        TreeMap<String, Boolean> cameras = new TreeMap<>();
        framesPerCamera.keySet().forEach(c -> cameras.put(c, true));
        eventsPerClip.keySet().forEach(c -> cameras.put(c, true));
        misaligned.keySet().forEach(c -> cameras.put(c, true));

        List<CameraCount> counts = new ArrayList<>();
        for (String camera : cameras.keySet()) {
            BitSet frames = framesPerCamera.getOrDefault(camera, new BitSet());
            Map<Long, Integer> clipEvents = eventsPerClip.getOrDefault(camera, Map.of());
            long expected = 0;
            long lost = 0;
            List<Long> firstLost = new ArrayList<>();
            int highest = frames.length() - 1;
            for (long clip = 0; highest >= 0 && geometry.lastSequence(clip) <= highest; clip++) {
                if (!complete(geometry, frames, clip)) {
                    continue;
                }
                expected++;
                if (!clipEvents.containsKey(clip)) {
                    lost++;
                    if (firstLost.size() < LOST_EXAMPLES) {
                        firstLost.add(geometry.firstSequence(clip));
                    }
                }
            }
            long duplicates = 0;
            long extra = 0;
            for (Map.Entry<Long, Integer> e : clipEvents.entrySet()) {
                duplicates += e.getValue() - 1;
                if (!complete(geometry, frames, e.getKey())) {
                    extra++;
                }
            }
            counts.add(new CameraCount(camera, frames.cardinality(), expected, lost, duplicates, extra,
                    misaligned.getOrDefault(camera, 0L), List.copyOf(firstLost)));
        }
        return new Result(List.copyOf(counts), sum(counts, CameraCount::frames), sum(counts, CameraCount::expectedClips),
                sum(counts, CameraCount::lost), sum(counts, CameraCount::duplicates),
                sum(counts, CameraCount::extraClips), sum(counts, CameraCount::misaligned));
    }

    private static boolean complete(ClipGeometry geometry, BitSet frames, long clip) {
        for (long i = geometry.firstIndex(clip); i <= geometry.lastIndex(clip); i++) {
            long sequence = geometry.sequenceOf(i);
            if (sequence > Integer.MAX_VALUE || !frames.get((int) sequence)) {
                return false;
            }
        }
        return true;
    }

    private static long sum(List<CameraCount> counts, java.util.function.ToLongFunction<CameraCount> f) {
        return counts.stream().mapToLong(f).sum();
    }
}
