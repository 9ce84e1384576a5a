package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;

/**
 * How alike a track and a detection are, in [0, 1]:
 * {@code iouWeight · IoU(predicted box, box) + (1 − iouWeight) · OKS(predicted pose, pose)}, or the IoU alone when
 * the two poses share no confident keypoint.
 * <p>
 * The track's box and keypoints are first moved by its velocity times the sampled frames since its last match
 * (constant velocity): two people crossing each other overlap in place, but each one's predicted position stays near
 * their own next detection. A track that missed frames is also compared where it was last seen, and the better of
 * the two counts.
 * <p>
 * OKS is COCO's: for each keypoint confident in both poses, {@code exp(−d² / (2 · s² · (2σ)²))} with σ from
 * {@link CocoKeypoints#oksSigma}, {@code s²} the mean of the two box areas, averaged over those keypoints. Coordinates
 * are normalised per axis, so on a wide frame horizontal distances weigh a little less than in pixels; the same
 * holds for every pair, so the ranking the tracker relies on is barely affected.
 */
final class TrackSimilarity {

    /** Keeps a degenerate (zero-area) box from dividing by zero. */
    private static final float MIN_AREA = 1e-6f;

    private TrackSimilarity() {
    }

    static float similarity(Track track, long framesSinceMatch, PersonDetection detection,
                            TrackerSettings settings) {
        float predicted = similarity(track, track.velocityY() * framesSinceMatch,
                track.velocityX() * framesSinceMatch, detection, settings);
        if (framesSinceMatch <= 1) {
            return predicted;
        }
        // a person out of sight for a while may have stopped or turned; coasting on alone, the prediction walks away
        // from them and the track is lost to a new one
        return Math.max(predicted, similarity(track, 0, 0, detection, settings));
    }

    /** Similarity with the track's box and pose moved by (dy, dx). */
    private static float similarity(Track track, float dy, float dx, PersonDetection detection,
                                    TrackerSettings settings) {
        float yMin = track.yMin() + dy;
        float xMin = track.xMin() + dx;
        float yMax = track.yMax() + dy;
        float xMax = track.xMax() + dx;
        float iou = PersonDetection.boxIou(yMin, xMin, yMax, xMax, detection.yMin(), detection.xMin(), detection.yMax(),
                detection.xMax());
        float scale = 0.5f * (area(yMin, xMin, yMax, xMax) + area(detection.yMin(), detection.xMin(),
                detection.yMax(), detection.xMax()));
        float oks = oks(track, dy, dx, detection, settings.minKeypointScore(), scale);
        if (Float.isNaN(oks)) {
            return iou;
        }
        return settings.iouWeight() * iou + (1 - settings.iouWeight()) * oks;
    }

    /**
     * OKS of the track's pose moved by (dy, dx) against the detection's, over keypoints confident in both; NaN when
     * there are none, so the caller can tell "no evidence" from "no likeness".
     */
    static float oks(Track track, float dy, float dx, PersonDetection detection, float minKeypointScore,
                     float scale) {
        float twoS2 = 2 * Math.max(scale, MIN_AREA);
        float sum = 0;
        int count = 0;
        for (int k = 0; k < CocoKeypoints.COUNT; k++) {
            if (!track.isVisible(k) || !(detection.keypointScore(k) > minKeypointScore)) {
                continue;
            }
            float ey = track.keypointY(k) + dy - detection.y(k);
            float ex = track.keypointX(k) + dx - detection.x(k);
            float kappa = 2 * CocoKeypoints.oksSigma(k);
            float e = (ey * ey + ex * ex) / (twoS2 * kappa * kappa);
            if (Float.isNaN(e)) {
                continue;
            }
            sum += (float) Math.exp(-e);
            count++;
        }
        return count == 0 ? Float.NaN : sum / count;
    }

    private static float area(float yMin, float xMin, float yMax, float xMax) {
        return Math.max(0, yMax - yMin) * Math.max(0, xMax - xMin);
    }
}
