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
