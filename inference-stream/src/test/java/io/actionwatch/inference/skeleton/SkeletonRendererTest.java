package io.actionwatch.inference.skeleton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkeletonRendererTest {

    private static final int S = 32;
    private static final int W = 320;
    private static final int H = 240;

    /** An upright stick person (normalised to a 320x240 frame) with its hips at x = {@code hipX}. */
    private static float[] person(float hipX, float score) {
        float[] k = new float[CocoKeypoints.COUNT * PersonDetection.STRIDE];
        set(k, CocoKeypoints.NOSE, 0.30f, hipX + 0.01f, score);
        set(k, CocoKeypoints.LEFT_EYE, 0.29f, hipX + 0.005f, score);
        set(k, CocoKeypoints.RIGHT_EYE, 0.29f, hipX + 0.005f, score);
        set(k, CocoKeypoints.LEFT_EAR, 0.30f, hipX - 0.005f, score);
        set(k, CocoKeypoints.RIGHT_EAR, 0.30f, hipX - 0.005f, score);
        set(k, CocoKeypoints.LEFT_SHOULDER, 0.35f, hipX, score);
        set(k, CocoKeypoints.RIGHT_SHOULDER, 0.35f, hipX, score);
        set(k, CocoKeypoints.LEFT_ELBOW, 0.45f, hipX + 0.02f, score);
        set(k, CocoKeypoints.RIGHT_ELBOW, 0.45f, hipX - 0.02f, score);
        set(k, CocoKeypoints.LEFT_WRIST, 0.52f, hipX + 0.03f, score);
        set(k, CocoKeypoints.RIGHT_WRIST, 0.52f, hipX - 0.03f, score);
        set(k, CocoKeypoints.LEFT_HIP, 0.55f, hipX, score);
        set(k, CocoKeypoints.RIGHT_HIP, 0.55f, hipX, score);
        set(k, CocoKeypoints.LEFT_KNEE, 0.70f, hipX + 0.03f, score);
        set(k, CocoKeypoints.RIGHT_KNEE, 0.70f, hipX - 0.03f, score);
        set(k, CocoKeypoints.LEFT_ANKLE, 0.85f, hipX + 0.04f, score);
        set(k, CocoKeypoints.RIGHT_ANKLE, 0.85f, hipX - 0.04f, score);
        return k;
    }

    private static void set(float[] k, int keypoint, float y, float x, float score) {
        k[keypoint * 3] = y;
        k[keypoint * 3 + 1] = x;
        k[keypoint * 3 + 2] = score;
    }

    private static PersonDetection detection(float[] keypoints) {
        return new PersonDetection(0.9f, 0.2f, 0.1f, 0.9f, 0.6f, keypoints);
    }

    private static double channelSum(float[] pixels, int frame, int channel) {
        double sum = 0;
        int plane = S * S;
        for (int i = 0; i < plane; i++) {
            sum += pixels[(frame * 3 + channel) * plane + i];
        }
        return sum;
    }

    private static double centroidX(float[] pixels, int frame) {
        double mass = 0;
        double moment = 0;
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    float v = pixels[((frame * 3 + c) * S + i) * S + j];
                    mass += v;
                    moment += v * (j + 0.5);
                }
            }
        }
        return moment / mass;
    }

    @Test
    void oneCropPerClipKeepsTheDirectionOfTravel() {
        SkeletonRenderer renderer = new SkeletonRenderer(SkeletonRenderer.Settings.forSize(S));
        List<PersonDetection> walk = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            walk.add(detection(person(0.3f + 0.05f * t, 0.9f)));
        }
        SkeletonRenderer.SkeletonClip clip = renderer.render(walk, W, H);
        assertThat(clip.pixels()).hasSize(4 * 3 * S * S);
        for (int t = 1; t < 4; t++) {
            assertThat(centroidX(clip.pixels(), t)).as("frame %d", t)
                    .isGreaterThan(centroidX(clip.pixels(), t - 1) + 1);
        }
        // The crop is a square around the whole clip's keypoints: the height (0.29..0.85 of 240 px) dominates.
        assertThat(clip.crop().side()).isCloseTo((0.85 - 0.29) * H * SkeletonRenderer.DEFAULT_MARGIN, within(1e-3));
    }

    @Test
    void sidesGoToTheirChannelsAndWeakKeypointsAreNotDrawn() {
        SkeletonRenderer renderer = new SkeletonRenderer(SkeletonRenderer.Settings.forSize(S));
        float[] k = person(0.4f, 0.2f);                       // everything below the threshold ...
        set(k, CocoKeypoints.LEFT_ELBOW, 0.45f, 0.42f, 0.8f);  // ... but the left forearm
        set(k, CocoKeypoints.LEFT_WRIST, 0.52f, 0.43f, 0.5f);
        float[] out = new float[renderer.clipLength(1)];
        renderer.render(k, 1, W, H, SkeletonRenderer.Box.FULL_FRAME, out, 0);
        assertThat(channelSum(out, 0, 0)).isPositive();
        assertThat(channelSum(out, 0, 1)).isZero();
        assertThat(channelSum(out, 0, 2)).isZero();
        float max = 0;
        for (float v : out) {
            max = Math.max(max, v);
        }
        // The line is weighted by its weaker keypoint's score and peaks on the segment.
        assertThat(max).isLessThanOrEqualTo(0.5f * 255f).isGreaterThan(0.4f * 255f);
    }

    @Test
    void aClipWithoutConfidentKeypointsIsEmptyButCroppedToTheDetectionBoxes() {
        SkeletonRenderer renderer = new SkeletonRenderer(SkeletonRenderer.Settings.forSize(S));
        SkeletonRenderer.SkeletonClip clip = renderer.render(List.of(detection(person(0.4f, 0.1f)),
                new PersonDetection(0.9f, 0.1f, 0.2f, 0.8f, 0.7f, person(0.4f, 0.1f))), W, H);
        for (float v : clip.pixels()) {
            assertThat(v).isZero();
        }
        // Union of the boxes: y 0.1..0.9 (192 px) x 0.1..0.7 (192 px), centred at (128, 120).
        double side = 0.8f * H * SkeletonRenderer.DEFAULT_MARGIN;
        assertThat(clip.crop().side()).isCloseTo(side, within(1e-3));
        assertThat(clip.crop().left()).isCloseTo((0.1f + 0.7f) * 0.5 * W - side / 2, within(1e-3));
        assertThat(clip.crop().top()).isCloseTo((0.1f + 0.9f) * 0.5 * H - side / 2, within(1e-3));
    }

    @Test
    void rendersIntoAnOffsetAndOverwritesIt() {
        SkeletonRenderer renderer = new SkeletonRenderer(SkeletonRenderer.Settings.forSize(S));
        float[] k = person(0.5f, 0.9f);
        float[] alone = new float[renderer.clipLength(1)];
        renderer.render(k, 1, W, H, SkeletonRenderer.Box.FULL_FRAME, alone, 0);
        float[] batch = new float[7 + renderer.clipLength(1)];
        Arrays.fill(batch, 99f);
        renderer.render(k, 1, W, H, SkeletonRenderer.Box.FULL_FRAME, batch, 7);
        assertThat(Arrays.copyOfRange(batch, 7, batch.length)).isEqualTo(alone);
        assertThat(batch[6]).isEqualTo(99f);
        assertThatThrownBy(() -> renderer.render(k, 1, W, H, SkeletonRenderer.Box.FULL_FRAME, batch, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.render(k, 2, W, H, SkeletonRenderer.Box.FULL_FRAME, new float[99999], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
