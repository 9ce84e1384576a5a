package io.actionwatch.inference.tracking;

/**
 * How the per-camera person tracker matches detections to tracks and when tracks are born and die.
 * The defaults are starting points for MoveNet MultiPose on fixed surveillance cameras; tune them on the deployment's
 * footage rather than in code.
 *
 * @param frameStep        sequence numbers from one sampled frame to the next (the card's frame step when the pose
 *                         model runs on the clip sampler's frames); misses are counted in sampled frames
 *                         {@code floorDiv(sequence, frameStep)}, so a frame that never arrived still counts as a miss
 * @param minPersonScore   detections scoring below this are ignored: they neither match nor start a track
 * @param minKeypointScore a keypoint takes part in the pose similarity only if it scores above this in both poses
 * @param iouWeight        share of box IoU in the similarity; the rest is keypoint OKS (IoU alone when the two
 *                         poses share no confident keypoint)
 * @param minSimilarity    a detection and a track with a lower similarity are never matched
 * @param confirmHits      consecutive matched sampled frames a new track needs before it is reported
 * @param maxMissedFrames  consecutive sampled frames a confirmed track may go unmatched and still be matched again;
 *                         it is dropped on the next miss
 */
public record TrackerSettings(long frameStep, float minPersonScore, float minKeypointScore, float iouWeight,
                              float minSimilarity, int confirmHits, int maxMissedFrames) {

    /**
     * MoveNet MultiPose always fills six person slots; the ones with nobody in them score near 0. Small pedestrians
     * in real surveillance footage score low too: over OpenCV's vtest.avi, 525 detections at 0.1-0.2, 1089 at
     * 0.2-0.3, 262 at 0.3-0.4; at 0.25 they drop in and out and their tracks fragment (207 begun, 8 lasting 16
     * sampled frames), at 0.15 160 begun and 32 that long.
     */
    public static final float DEFAULT_MIN_PERSON_SCORE = 0.15f;
    public static final float DEFAULT_MIN_KEYPOINT_SCORE = 0.3f;
    public static final float DEFAULT_IOU_WEIGHT = 0.5f;
    public static final float DEFAULT_MIN_SIMILARITY = 0.3f;
    public static final int DEFAULT_CONFIRM_HITS = 3;
    public static final int DEFAULT_MAX_MISSED_FRAMES = 10;

    public TrackerSettings {
        if (frameStep < 1) {
            throw new IllegalArgumentException("frameStep must be >= 1, was " + frameStep);
        }
        requireUnit("minPersonScore", minPersonScore);
        requireUnit("minKeypointScore", minKeypointScore);
        requireUnit("iouWeight", iouWeight);
        if (!(minSimilarity > 0 && minSimilarity <= 1)) {
            // 0 would match a track to a detection it shares nothing with
            throw new IllegalArgumentException("minSimilarity must be in (0, 1], was " + minSimilarity);
        }
        if (confirmHits < 1) {
            throw new IllegalArgumentException("confirmHits must be >= 1, was " + confirmHits);
        }
        if (maxMissedFrames < 0) {
            throw new IllegalArgumentException("maxMissedFrames must be >= 0, was " + maxMissedFrames);
        }
    }

    public static TrackerSettings defaults(long frameStep) {
        return new TrackerSettings(frameStep, DEFAULT_MIN_PERSON_SCORE, DEFAULT_MIN_KEYPOINT_SCORE, DEFAULT_IOU_WEIGHT,
                DEFAULT_MIN_SIMILARITY, DEFAULT_CONFIRM_HITS, DEFAULT_MAX_MISSED_FRAMES);
    }

    /** These settings with another minimum person score (the pipeline's pose.min.person.score). */
    public TrackerSettings withMinPersonScore(float score) {
        return new TrackerSettings(frameStep, score, minKeypointScore, iouWeight, minSimilarity, confirmHits,
                maxMissedFrames);
    }

    /** The sampled frame a sequence number falls in; misses and velocities are counted in these. */
    public long sampledFrame(long sequence) {
        return Math.floorDiv(sequence, frameStep);
    }

    private static void requireUnit(String name, float value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
    }
}
