package io.actionwatch.inference.skeleton;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.ClipRenderer;
import io.actionwatch.ingest.scene.SceneKeypoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthetic scene's true keypoints (the training data's source) through the serving renderer. */
class SceneSkeletonTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final int S = 64;
    private static final int T = 8;

    @Test
    void theSceneWritesKeypointsInCocoOrder() {
        // ingest cannot depend on this module, so it repeats COCO's order: the two must agree.
        assertThat(SceneKeypoints.NAMES).isEqualTo(CocoKeypoints.NAMES);
        assertThat(SceneKeypoints.COUNT).isEqualTo(CocoKeypoints.COUNT);
    }

    @Test
    void aRenderedWalkShowsItsDirection() {
        SkeletonRenderer renderer = new SkeletonRenderer(SkeletonRenderer.Settings.forSize(S));
        try (ClipRenderer scene = new ClipRenderer(W, H, 15, false)) {
            for (long seed = 1; seed <= 3; seed++) {
                assertThat(shift(renderer, scene, Action.WALKING_RIGHT, seed)).as("seed %d", seed).isGreaterThan(2);
                assertThat(shift(renderer, scene, Action.WALKING_LEFT, seed)).as("seed %d", seed).isLessThan(-2);
            }
        }
    }

    /** Output pixels the skeleton's centre of mass moves from the first to the last frame. */
    private static double shift(SkeletonRenderer renderer, ClipRenderer scene, Action action, long seed) {
        List<PersonDetection> detections = new ArrayList<>();
        scene.render(action, seed, T, 2, (frame, i) -> detections.add(detection(frame.keypoints())));
        SkeletonRenderer.SkeletonClip clip = renderer.render(detections, W, H);
        return centroidX(clip.pixels(), T - 1) - centroidX(clip.pixels(), 0);
    }

    /** A perfect estimator's detection: the true keypoints, every score 1. */
    private static PersonDetection detection(float[] yx) {
        float[] k = new float[CocoKeypoints.COUNT * PersonDetection.STRIDE];
        for (int i = 0; i < CocoKeypoints.COUNT; i++) {
            k[i * PersonDetection.STRIDE] = yx[i * SceneKeypoints.STRIDE];
            k[i * PersonDetection.STRIDE + 1] = yx[i * SceneKeypoints.STRIDE + 1];
            k[i * PersonDetection.STRIDE + 2] = 1f;
        }
        return new PersonDetection(1f, 0f, 0f, 1f, 1f, k);
    }

    private static double centroidX(float[] pixels, int frame) {
        double mass = 0;
        double moment = 0;
        int base = frame * 3 * S * S;
        for (int i = 0; i < 3 * S * S; i++) {
            mass += pixels[base + i];
            moment += pixels[base + i] * (i % S + 0.5);
        }
        return moment / mass;
    }
}
