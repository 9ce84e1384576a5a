package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.PersonDetection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Follows people across one camera's sampled frames: matches each frame's pose detections to the camera's tracks,
 * gives new people new ids and retires people who are gone. The per-camera state lives in a {@link TrackerState}
 * (the changelogged store's value), so one tracker serves every camera of a stream task. Not thread-safe: it keeps
 * scratch arrays so the per-frame path allocates only the result and the tracks it creates.
 * <p>
 * Per frame, with {@code f = floorDiv(sequence, frameStep)} the sampled frame:
 * <ol>
 * <li>A frame at or before the last processed sampled frame is a replay or duplicate: ignored, state untouched.</li>
 * <li>Tracks whose misses over the frames that never arrived already exceed their allowance are dropped.</li>
 * <li>Detections scoring below {@code minPersonScore} are ignored. Every other detection is scored against every
 * track by {@link TrackSimilarity} (box IoU and keypoint OKS against the track moved on at its velocity), and pairs
 * are taken greedily, best similarity first, down to {@code minSimilarity}; ties go to the older track, then to the
 * earlier detection.</li>
 * <li>A matched track takes the detection's box and pose, its velocity becomes the centre's move since its previous
 * match, and after {@code confirmHits} consecutive matches it is confirmed. An unmatched tentative track dies; an
 * unmatched confirmed track dies once it has missed more than {@code maxMissedFrames} sampled frames in a row.</li>
 * <li>Every unmatched detection starts a tentative track with the next id.</li>
 * </ol>
 * Only confirmed tracks matched in the frame are reported, in ascending id order.
 * <p>
 * Greedy rather than optimal (Hungarian) assignment: with at most six people and similarities gated and sharpened by
 * the velocity prediction, the best pair is almost always a true one, and greedy never trades a confident match
 * for two mediocre ones to raise a sum, which is what an identity tracker wants. It is also simple and
 * deterministic, and costs nothing at this size.
 */
public final class PersonTracker {

    private static final int UNMATCHED = -1;
    private static final int IGNORED = -2;
    /** Sized for MoveNet MultiPose's six people and a few tracks out of sight; grown when exceeded. */
    private static final int INITIAL_CAPACITY = 16;

    private final TrackerSettings settings;
    private float[] similarity = new float[INITIAL_CAPACITY * INITIAL_CAPACITY];
    private int[] trackMatch = new int[INITIAL_CAPACITY];
    private int[] detectionMatch = new int[INITIAL_CAPACITY];

    public PersonTracker(TrackerSettings settings) {
        this.settings = settings;
    }

    public TrackerSettings settings() {
        return settings;
    }

    /**
     * Tracks one frame of a camera: updates {@code state} in place and returns the confirmed people matched in this
     * frame, ascending by track id. Empty, with {@code state} untouched, for a frame at or before the last one
     * processed (a replay).
     */
    public List<TrackedPerson> update(TrackerState state, long sequence, List<PersonDetection> detections) {
        long frame = settings.sampledFrame(sequence);
        if (state.hasFrame() && frame <= settings.sampledFrame(state.lastSequence())) {
            return List.of();
        }
        ArrayList<Track> tracks = state.tracks;
        dropTracksDeadBefore(tracks, frame);

        int trackCount = tracks.size();
        int detectionCount = detections.size();
        ensureCapacity(trackCount, detectionCount);
        score(tracks, frame, detections);
        assignGreedily(trackCount, detectionCount);

        List<TrackedPerson> persons = new ArrayList<>(detectionCount);
        int kept = 0;
        for (int t = 0; t < trackCount; t++) {
            Track track = tracks.get(t);
            long framesSinceMatch = frame - settings.sampledFrame(track.lastMatchedSequence());
            int d = trackMatch[t];
            if (d >= 0) {
                PersonDetection detection = detections.get(d);
                track.matched(sequence, framesSinceMatch, detection, settings);
                tracks.set(kept++, track);
                report(track, detection, persons);
            } else if (survives(track, framesSinceMatch)) {
                track.missed((int) framesSinceMatch);
                tracks.set(kept++, track);
            }
        }
        truncate(tracks, kept);

        for (int d = 0; d < detectionCount; d++) {
            if (detectionMatch[d] == UNMATCHED) {
                PersonDetection detection = detections.get(d);
                Track track = Track.born(state.takeId(), sequence, detection, settings);
                tracks.add(track);
                report(track, detection, persons);
            }
        }
        state.processed(sequence);
        return persons;
    }

    /** A track may have missed frames that never reached the tracker; those count like frames without it. */
    private void dropTracksDeadBefore(ArrayList<Track> tracks, long frame) {
        int kept = 0;
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            long missedSoFar = frame - settings.sampledFrame(track.lastMatchedSequence()) - 1;
            if (missedSoFar == 0 || survives(track, missedSoFar)) {
                tracks.set(kept++, track);
            }
        }
        truncate(tracks, kept);
    }

    private boolean survives(Track track, long consecutiveMisses) {
        return track.status() == TrackStatus.CONFIRMED && consecutiveMisses <= settings.maxMissedFrames();
    }

    private void score(List<Track> tracks, long frame, List<PersonDetection> detections) {
        int detectionCount = detections.size();
        for (int d = 0; d < detectionCount; d++) {
            detectionMatch[d] = usable(detections.get(d)) ? UNMATCHED : IGNORED;
        }
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            long framesSinceMatch = frame - settings.sampledFrame(track.lastMatchedSequence());
            trackMatch[t] = UNMATCHED;
            int row = t * detectionCount;
            for (int d = 0; d < detectionCount; d++) {
                similarity[row + d] = detectionMatch[d] == IGNORED ? -1
                        : TrackSimilarity.similarity(track, framesSinceMatch, detections.get(d), settings);
            }
        }
    }

    private boolean usable(PersonDetection detection) {
        // NaN scores and boxes fail these comparisons, so garbage is ignored rather than tracked
        return detection.score() >= settings.minPersonScore()
                && Float.isFinite(detection.yMin()) && Float.isFinite(detection.xMin())
                && Float.isFinite(detection.yMax()) && Float.isFinite(detection.xMax());
    }

    /**
     * Takes the best remaining pair until none reaches minSimilarity. Scanning rows (tracks, ascending id) then
     * columns (detections, input order) and replacing only on a strictly better score makes ties deterministic.
     */
    private void assignGreedily(int trackCount, int detectionCount) {
        float threshold = settings.minSimilarity();
        while (true) {
            float best = Float.NEGATIVE_INFINITY;
            int bestTrack = -1;
            int bestDetection = -1;
            for (int t = 0; t < trackCount; t++) {
                if (trackMatch[t] != UNMATCHED) {
                    continue;
                }
                int row = t * detectionCount;
                for (int d = 0; d < detectionCount; d++) {
                    if (detectionMatch[d] == UNMATCHED && similarity[row + d] > best) {
                        best = similarity[row + d];
                        bestTrack = t;
                        bestDetection = d;
                    }
                }
            }
            if (bestTrack < 0 || !(best >= threshold)) {
                return;
            }
            trackMatch[bestTrack] = bestDetection;
            detectionMatch[bestDetection] = bestTrack;
        }
    }

    private static void report(Track track, PersonDetection detection, List<TrackedPerson> persons) {
        if (track.status() == TrackStatus.CONFIRMED) {
            persons.add(new TrackedPerson(track.id(), track.status(), detection));
        }
    }

    private void ensureCapacity(int trackCount, int detectionCount) {
        if (similarity.length < trackCount * detectionCount) {
            similarity = new float[Math.max(similarity.length * 2, trackCount * detectionCount)];
        }
        if (trackMatch.length < trackCount) {
            trackMatch = Arrays.copyOf(trackMatch, Math.max(trackMatch.length * 2, trackCount));
        }
        if (detectionMatch.length < detectionCount) {
            detectionMatch = Arrays.copyOf(detectionMatch, Math.max(detectionMatch.length * 2, detectionCount));
        }
    }

    /** Removes from the end, which shifts nothing and, unlike subList().clear(), allocates nothing. */
    private static void truncate(ArrayList<Track> tracks, int size) {
        for (int i = tracks.size() - 1; i >= size; i--) {
            tracks.remove(i);
        }
    }
}
