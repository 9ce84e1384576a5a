package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Pose detections for tracker tests: a box with an upright stick figure drawn in it. */
public final class SyntheticPeople {

    static final float PERSON_SCORE = 0.8f;
    static final float KEYPOINT_SCORE = 0.9f;

    /** Where each COCO keypoint sits in the box, as (fraction of height, fraction of width), in COCO order. */
    private static final float[][] STICK = {
        {0.07f, 0.50f}, {0.05f, 0.45f}, {0.05f, 0.55f}, {0.07f, 0.38f}, {0.07f, 0.62f},
        {0.20f, 0.25f}, {0.20f, 0.75f}, {0.35f, 0.15f}, {0.35f, 0.85f}, {0.50f, 0.10f}, {0.50f, 0.90f},
        {0.52f, 0.35f}, {0.52f, 0.65f}, {0.75f, 0.35f}, {0.75f, 0.65f}, {0.97f, 0.35f}, {0.97f, 0.65f}};

    private SyntheticPeople() {
    }

    /** A confidently detected person whose box is centred on (centreY, centreX). */
    public static PersonDetection at(float centreY, float centreX, float height, float width) {
        return box(PERSON_SCORE, centreY - height / 2, centreX - width / 2, centreY + height / 2,
                centreX + width / 2);
    }

    static PersonDetection box(float score, float yMin, float xMin, float yMax, float xMax) {
        float[] keypoints = new float[CocoKeypoints.COUNT * PersonDetection.STRIDE];
        for (int k = 0; k < CocoKeypoints.COUNT; k++) {
            keypoints[k * PersonDetection.STRIDE] = yMin + STICK[k][0] * (yMax - yMin);
            keypoints[k * PersonDetection.STRIDE + 1] = xMin + STICK[k][1] * (xMax - xMin);
            keypoints[k * PersonDetection.STRIDE + 2] = KEYPOINT_SCORE;
        }
        return new PersonDetection(score, yMin, xMin, yMax, xMax, keypoints);
    }

    /** The same detection with the given keypoints' scores set to {@code score}. */
    static PersonDetection withKeypointScore(PersonDetection detection, float score, int... keypoints) {
        float[] values = detection.keypoints().clone();
        for (int k : keypoints) {
            values[k * PersonDetection.STRIDE + 2] = score;
        }
        return new PersonDetection(detection.score(), detection.yMin(), detection.xMin(), detection.yMax(),
                detection.xMax(), values);
    }

    static PersonDetection withScore(PersonDetection detection, float score) {
        return new PersonDetection(score, detection.yMin(), detection.xMin(), detection.yMax(), detection.xMax(),
                detection.keypoints());
    }

    /**
     * A busy camera from a seed: four people wandering and bouncing off the frame's edges with jittery boxes, each
     * missed now and then, plus occasional spurious and low-score detections, in shuffled order.
     */
    static List<List<PersonDetection>> scene(long seed, int frames) {
        Random random = new Random(seed);
        int people = 4;
        float[][] walker = new float[people][];
        for (int p = 0; p < people; p++) {
            // centreY, centreX, velocityY, velocityX, height, width
            walker[p] = new float[]{0.3f + 0.4f * random.nextFloat(), 0.1f + 0.8f * random.nextFloat(),
                (random.nextFloat() - 0.5f) * 0.01f, (random.nextFloat() - 0.5f) * 0.04f,
                0.3f + 0.2f * random.nextFloat(), 0.1f + 0.05f * random.nextFloat()};
        }
        List<List<PersonDetection>> scene = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            List<PersonDetection> detections = new ArrayList<>();
            for (float[] w : walker) {
                w[0] += w[2];
                w[1] += w[3];
                if (w[1] < 0.08f || w[1] > 0.92f) {
                    w[3] = -w[3];
                }
                if (w[0] < 0.25f || w[0] > 0.75f) {
                    w[2] = -w[2];
                }
                if (random.nextFloat() < 0.1f) {
                    continue;
                }
                float jitter = 0.004f;
                detections.add(at(w[0] + jitter * (random.nextFloat() - 0.5f),
                        w[1] + jitter * (random.nextFloat() - 0.5f), w[4], w[5]));
            }
            if (random.nextFloat() < 0.1f) {
                detections.add(withScore(at(random.nextFloat(), random.nextFloat(), 0.2f, 0.08f),
                        0.3f + 0.2f * random.nextFloat()));
            }
            if (random.nextFloat() < 0.1f) {
                detections.add(withScore(at(random.nextFloat(), random.nextFloat(), 0.3f, 0.1f), 0.1f));
            }
            Collections.shuffle(detections, random);
            scene.add(detections);
        }
        return scene;
    }
}
