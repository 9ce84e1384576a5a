package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static io.actionwatch.inference.tracking.SyntheticPeople.at;
import static io.actionwatch.inference.tracking.SyntheticPeople.withKeypointScore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrackSimilarityTest {

    private static final TrackerSettings SETTINGS = TrackerSettings.defaults(1);
    private static final int[] ALL = IntStream.range(0, CocoKeypoints.COUNT).toArray();

    @Test
    void iouOfBoxes() {
        assertThat(PersonDetection.boxIou(0, 0, 1, 1, 0, 0, 1, 1)).isEqualTo(1f);
        assertThat(PersonDetection.boxIou(0, 0, 1, 1, 0, 1, 1, 2)).isZero();
        assertThat(PersonDetection.boxIou(0, 0, 1, 1, 0, 0.5f, 1, 1.5f)).isCloseTo(1f / 3, within(1e-6f));
        assertThat(PersonDetection.boxIou(0, 0, 0, 0, 0, 0, 0, 0)).isZero();
    }

    @Test
    void aTrackIsPerfectlyLikeTheDetectionItWasBornFrom() {
        PersonDetection person = at(0.5f, 0.5f, 0.4f, 0.1f);
        assertThat(TrackSimilarity.similarity(track(person), 1, person, SETTINGS)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void oksFallsWithDistanceRelativeToTheirSize() {
        Track track = track(at(0.5f, 0.5f, 0.4f, 0.1f));
        float near = TrackSimilarity.similarity(track, 1, at(0.5f, 0.51f, 0.4f, 0.1f), SETTINGS);
        float far = TrackSimilarity.similarity(track, 1, at(0.5f, 0.58f, 0.4f, 0.1f), SETTINGS);
        float elsewhere = TrackSimilarity.similarity(track, 1, at(0.5f, 0.9f, 0.4f, 0.1f), SETTINGS);
        assertThat(near).isGreaterThan(far).isLessThan(1);
        assertThat(far).isGreaterThan(elsewhere);
        assertThat(elsewhere).isLessThan(1e-3f);
    }

    @Test
    void onlyKeypointsConfidentInBothPosesCount() {
        PersonDetection person = at(0.5f, 0.5f, 0.4f, 0.1f);
        // the detection's legs are elsewhere but unsure: they must not lower the likeness
        PersonDetection moved = at(0.5f, 0.5f, 0.4f, 0.1f);
        float[] kp = moved.keypoints().clone();
        int[] legs = {CocoKeypoints.LEFT_KNEE, CocoKeypoints.RIGHT_KNEE, CocoKeypoints.LEFT_ANKLE,
            CocoKeypoints.RIGHT_ANKLE};
        for (int k : legs) {
            kp[k * PersonDetection.STRIDE + 1] += 0.2f;
            kp[k * PersonDetection.STRIDE + 2] = SETTINGS.minKeypointScore() / 2;
        }
        PersonDetection unsureLegs = new PersonDetection(moved.score(), moved.yMin(), moved.xMin(), moved.yMax(),
                moved.xMax(), kp);
        assertThat(TrackSimilarity.similarity(track(person), 1, unsureLegs, SETTINGS)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void withoutAConfidentKeypointInCommonTheBoxesDecide() {
        PersonDetection person = at(0.5f, 0.5f, 0.4f, 0.1f);
        PersonDetection shifted = withKeypointScore(at(0.5f, 0.55f, 0.4f, 0.1f), 0.05f, ALL);
        float iou = PersonDetection.boxIou(person.yMin(), person.xMin(), person.yMax(), person.xMax(), shifted.yMin(),
                shifted.xMin(), shifted.yMax(), shifted.xMax());
        assertThat(TrackSimilarity.similarity(track(person), 1, shifted, SETTINGS)).isEqualTo(iou);
    }

    @Test
    void theTrackIsPredictedForwardByItsVelocity() {
        Track moving = track(at(0.5f, 0.30f, 0.4f, 0.1f));
        moving.matched(1, 1, at(0.5f, 0.33f, 0.4f, 0.1f), SETTINGS);
        // next sampled frame, 0.03 on: the prediction is all that counts
        assertThat(TrackSimilarity.similarity(moving, 1, at(0.5f, 0.36f, 0.4f, 0.1f), SETTINGS))
                .isCloseTo(1f, within(1e-4f));
        assertThat(TrackSimilarity.similarity(moving, 1, at(0.5f, 0.33f, 0.4f, 0.1f), SETTINGS))
                .isLessThan(0.8f);
        // three sampled frames on, after misses: where it should be by now, or where it was last seen
        assertThat(TrackSimilarity.similarity(moving, 3, at(0.5f, 0.42f, 0.4f, 0.1f), SETTINGS))
                .isCloseTo(1f, within(1e-4f));
        assertThat(TrackSimilarity.similarity(moving, 3, at(0.5f, 0.33f, 0.4f, 0.1f), SETTINGS))
                .isCloseTo(1f, within(1e-4f));
        assertThat(TrackSimilarity.similarity(moving, 3, at(0.5f, 0.375f, 0.4f, 0.1f), SETTINGS))
                .isLessThan(0.8f);
    }

    private static Track track(PersonDetection detection) {
        return Track.born(1, 0, detection, SETTINGS);
    }
}
