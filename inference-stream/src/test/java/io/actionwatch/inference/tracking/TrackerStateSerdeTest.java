package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.CocoKeypoints;
import io.actionwatch.inference.pose.PersonDetection;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.actionwatch.inference.tracking.SyntheticPeople.at;
import static io.actionwatch.inference.tracking.SyntheticPeople.withKeypointScore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackerStateSerdeTest {

    private static final TrackerSettings SETTINGS = TrackerSettings.defaults(2);

    private final TrackerStateSerde serde = new TrackerStateSerde();

    @Test
    void roundTripsEveryField() {
        TrackerState state = busyCamera();
        assertThat(state.tracks()).extracting(Track::status).contains(TrackStatus.TENTATIVE, TrackStatus.CONFIRMED);
        assertThat(state.tracks()).extracting(Track::misses).anyMatch(m -> m > 0);
        assertThat(state.tracks()).extracting(Track::visibleKeypoints)
                .anyMatch(mask -> mask != Track.ALL_KEYPOINTS_MASK);
        assertThat(state.tracks()).anyMatch(t -> t.velocityX() != 0 && t.velocityY() != 0);

        TrackerState back = roundTrip(state);
        assertThat(back).usingRecursiveComparison().isEqualTo(state);
        assertThat(bytes(back)).isEqualTo(bytes(state));
    }

    @Test
    void roundTripsACameraNotSeenYet() {
        TrackerState fresh = new TrackerState();
        TrackerState back = roundTrip(fresh);
        assertThat(back.hasFrame()).isFalse();
        assertThat(back).usingRecursiveComparison().isEqualTo(fresh);
        assertThat(bytes(fresh)).hasSizeLessThan(16);
    }

    @Test
    void storesOnlyConfidentKeypoints() {
        TrackerState state = new TrackerState();
        new PersonTracker(SETTINGS).update(state, 0, List.of(at(0.5f, 0.5f, 0.4f, 0.1f)));
        int full = bytes(state).length;
        TrackerState partial = new TrackerState();
        // a face turned away: the mask keeps its size, four keypoints go
        new PersonTracker(SETTINGS).update(partial, 0, List.of(withKeypointScore(at(0.5f, 0.5f, 0.4f, 0.1f), 0.1f,
                CocoKeypoints.NOSE, CocoKeypoints.LEFT_EYE, CocoKeypoints.RIGHT_EYE, CocoKeypoints.LEFT_EAR)));
        assertThat(bytes(partial)).hasSize(full - 4 * 2 * Float.BYTES);
        // 4 bytes of camera, then a person in full view: 5 one-byte varints, 6 floats, a 3-byte mask, 17 keypoints;
        // six such people take about 1 KiB per camera
        assertThat(full).isEqualTo(4 + 5 + 6 * Float.BYTES + 3 + 17 * 2 * Float.BYTES);
    }

    @Test
    void aTrackerRebuiltFromStoredStateContinuesWithTheSameIds() {
        List<List<PersonDetection>> scene = SyntheticPeople.scene(5, 160);
        PersonTracker uninterrupted = new PersonTracker(SETTINGS);
        TrackerState live = new TrackerState();
        List<List<TrackedPerson>> expected = new ArrayList<>();
        for (int f = 0; f < scene.size(); f++) {
            expected.add(uninterrupted.update(live, 2L * f, scene.get(f)));
        }

        TrackerState before = new TrackerState();
        PersonTracker first = new PersonTracker(SETTINGS);
        int restartAt = 80;
        for (int f = 0; f < restartAt; f++) {
            first.update(before, 2L * f, scene.get(f));
        }
        // a new instance on a new machine: nothing but the stored bytes carries over
        TrackerState restored = serde.deserializer().deserialize("tracks", bytes(before));
        PersonTracker second = new PersonTracker(SETTINGS);
        for (int f = restartAt; f < scene.size(); f++) {
            assertThat(second.update(restored, 2L * f, scene.get(f))).as("frame %d", f).isEqualTo(expected.get(f));
        }
        assertThat(expected.subList(restartAt, scene.size()).stream().mapToLong(List::size).sum())
                .as("persons reported after the restart").isGreaterThan(200);
        assertThat(bytes(restored)).isEqualTo(bytes(live));
    }

    @Test
    void refusesAnotherVersion() {
        byte[] bytes = bytes(busyCamera());
        bytes[0] = 2;
        assertThatThrownBy(() -> deserialize(bytes)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown version 2");
        assertThatThrownBy(() -> deserialize(new byte[0])).isInstanceOf(SerializationException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void refusesEveryTruncationAndTrailingBytes() {
        byte[] bytes = bytes(busyCamera());
        for (int length = 1; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> deserialize(cut)).as("first %d of %d bytes", cut.length, bytes.length)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("corrupt tracker state");
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> deserialize(longer)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("after the last track");
    }

    @Test
    void refusesValuesTheTrackerNeverWrites() {
        TrackerState state = new TrackerState();
        new PersonTracker(SETTINGS).update(state, 0, List.of(at(0.5f, 0.5f, 0.4f, 0.1f)));
        byte[] bytes = bytes(state);
        // version, nextId 2, lastSequence 0, one track: id 1, then the status byte
        assertThat(Arrays.copyOf(bytes, 6)).containsExactly(1, 2, 0, 1, 1, TrackStatus.TENTATIVE.code());

        byte[] badStatus = bytes.clone();
        badStatus[5] = 7;
        assertThatThrownBy(() -> deserialize(badStatus)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown track status 7");

        byte[] idNotBelowNext = bytes.clone();
        idNotBelowNext[4] = 2;
        assertThatThrownBy(() -> deserialize(idNotBelowNext)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("track id 2");

        byte[] nanBox = bytes.clone();
        // hits, misses and lastMatchedSequence take a byte each here, then yMin
        java.nio.ByteBuffer.wrap(nanBox, 9, 4).putFloat(Float.NaN);
        assertThatThrownBy(() -> deserialize(nanBox)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("non-finite");

        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }

    /** Tracks in every condition: confirmed, tentative, missing for a while, moving, with keypoints unsure. */
    private static TrackerState busyCamera() {
        PersonTracker tracker = new PersonTracker(SETTINGS);
        TrackerState state = new TrackerState();
        List<List<PersonDetection>> scene = SyntheticPeople.scene(3, 40);
        for (int f = 0; f < scene.size(); f++) {
            tracker.update(state, 2L * f, scene.get(f));
        }
        long next = 2L * scene.size();
        // walks diagonally with unsure legs, then a newcomer appears and one of the others is out of sight
        tracker.update(state, next, List.of(withKeypointScore(at(0.45f, 0.2f, 0.3f, 0.1f), 0.1f,
                CocoKeypoints.LEFT_ANKLE, CocoKeypoints.RIGHT_ANKLE)));
        tracker.update(state, next + 2, List.of(withKeypointScore(at(0.47f, 0.23f, 0.3f, 0.1f), 0.1f,
                CocoKeypoints.LEFT_ANKLE, CocoKeypoints.RIGHT_ANKLE), at(0.5f, 0.8f, 0.3f, 0.1f)));
        return state;
    }

    private TrackerState roundTrip(TrackerState state) {
        return deserialize(bytes(state));
    }

    private byte[] bytes(TrackerState state) {
        return serde.serializer().serialize("tracks", state);
    }

    private TrackerState deserialize(byte[] bytes) {
        return serde.deserializer().deserialize("tracks", bytes);
    }
}
