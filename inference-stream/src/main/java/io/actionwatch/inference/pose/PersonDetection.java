package io.actionwatch.inference.pose;

import java.util.Arrays;

/**
 * One person the pose estimator found in one frame: its score, its box and its 17 {@link CocoKeypoints}.
 * Coordinates are normalised to the frame, 0..1 from the top-left corner, so they do not depend on the model's
 * input size. {@code keypoints} holds {@code (y, x, score)} per keypoint in COCO order, MoveNet's own layout.
 */
public record PersonDetection(float score, float yMin, float xMin, float yMax, float xMax, float[] keypoints) {

    /** Floats per keypoint in {@link #keypoints()}: y, x, score. */
    public static final int STRIDE = 3;

    public PersonDetection {
        if (keypoints.length != CocoKeypoints.COUNT * STRIDE) {
            throw new IllegalArgumentException("expected " + CocoKeypoints.COUNT * STRIDE + " keypoint values, got "
                    + keypoints.length);
        }
    }

    public float y(int keypoint) {
        return keypoints[keypoint * STRIDE];
    }

    public float x(int keypoint) {
        return keypoints[keypoint * STRIDE + 1];
    }

    public float keypointScore(int keypoint) {
        return keypoints[keypoint * STRIDE + 2];
    }

    /** IoU of this detection's box with another box {@code {yMin, xMin, yMax, xMax}} in the same coordinates. */
    public float iou(float[] box) {
        return boxIou(yMin, xMin, yMax, xMax, box[0], box[1], box[2], box[3]);
    }

    /** Intersection over union of two boxes given as yMin, xMin, yMax, xMax; 0 when they do not overlap. */
    public static float boxIou(float aYMin, float aXMin, float aYMax, float aXMax,
                               float bYMin, float bXMin, float bYMax, float bXMax) {
        float h = Math.min(aYMax, bYMax) - Math.max(aYMin, bYMin);
        float w = Math.min(aXMax, bXMax) - Math.max(aXMin, bXMin);
        if (!(h > 0 && w > 0)) {
            return 0;
        }
        float intersection = h * w;
        float union = (aYMax - aYMin) * (aXMax - aXMin) + (bYMax - bYMin) * (bXMax - bXMin) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    public float width() {
        return xMax - xMin;
    }

    public float height() {
        return yMax - yMin;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PersonDetection that && score == that.score && yMin == that.yMin
                && xMin == that.xMin && yMax == that.yMax && xMax == that.xMax
                && Arrays.equals(keypoints, that.keypoints);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(keypoints) + Float.hashCode(score);
    }

    @Override
    public String toString() {
        return String.format("PersonDetection[score=%.3f, box=(%.3f,%.3f)-(%.3f,%.3f)]", score, yMin, xMin, yMax,
                xMax);
    }
}
