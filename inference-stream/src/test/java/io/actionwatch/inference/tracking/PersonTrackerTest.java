package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.PersonDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.actionwatch.inference.tracking.SyntheticPeople.at;
import static io.actionwatch.inference.tracking.SyntheticPeople.withScore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PersonTrackerTest {

    private static final TrackerSettings SETTINGS = TrackerSettings.defaults(1);
    private static final int CONFIRM = SETTINGS.confirmHits();
    private static final int MAX_MISSED = SETTINGS.maxMissedFrames();

    private final PersonTracker tracker = new PersonTracker(SETTINGS);
    private final TrackerState state = new TrackerState();

    @Test
    void twoPeopleCrossingKeepTheirIds() {
        // same size, same height in the frame, same pose: in the frames where the boxes overlap, only the motion
        // tells them apart (without the velocity prediction the tracks swap at the crossing)
        int frames = 24;
        int overlapping = 0;
        long idOfA = 0;
        long idOfB = 0;
        for (int f = 0; f < frames; f++) {
            PersonDetection a = at(0.5f, 0.15f + 0.03f * f, 0.45f, 0.12f);
            PersonDetection b = at(0.5f, 0.85f - 0.03f * f, 0.45f, 0.12f);
            if (PersonDetection.boxIou(a.yMin(), a.xMin(), a.yMax(), a.xMax(), b.yMin(), b.xMin(), b.yMax(),
                    b.xMax()) > 0) {
                overlapping++;
            }
            List<TrackedPerson> persons = tracker.update(state, f, f % 2 == 0 ? List.of(a, b) : List.of(b, a));
            if (f < CONFIRM - 1) {
                assertThat(persons).isEmpty();
                continue;
            }
            assertThat(persons).hasSize(2);
            long a1 = idOf(persons, a);
            long b1 = idOf(persons, b);
            if (f == CONFIRM - 1) {
                idOfA = a1;
                idOfB = b1;
            }
            assertThat(a1).as("A's id in frame %d", f).isEqualTo(idOfA);
            assertThat(b1).as("B's id in frame %d", f).isEqualTo(idOfB);
        }
        assertThat(idOfA).isNotEqualTo(idOfB);
        assertThat(overlapping).as("frames with overlapping boxes").isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void peopleOfDifferentSizesCrossingWithJitterKeepTheirIds(long seed) {
        // a nearer and a farther person on a diagonal, boxes jittering as a real detector's do
        Random random = new Random(seed);
        long idOfNear = 0;
        long idOfFar = 0;
        for (int f = 0; f < 30; f++) {
            float jitter = 0.006f;
            PersonDetection near = at(0.55f + 0.002f * f + jitter * (random.nextFloat() - 0.5f),
                    0.1f + 0.028f * f + jitter * (random.nextFloat() - 0.5f), 0.5f, 0.14f);
            PersonDetection far = at(0.5f - 0.001f * f + jitter * (random.nextFloat() - 0.5f),
                    0.9f - 0.027f * f + jitter * (random.nextFloat() - 0.5f), 0.4f, 0.11f);
            List<TrackedPerson> persons = tracker.update(state, f,
                    random.nextBoolean() ? List.of(near, far) : List.of(far, near));
            if (f == CONFIRM - 1) {
                idOfNear = idOf(persons, near);
                idOfFar = idOf(persons, far);
            } else if (f >= CONFIRM) {
                assertThat(idOf(persons, near)).as("near person's id in frame %d", f).isEqualTo(idOfNear);
                assertThat(idOf(persons, far)).as("far person's id in frame %d", f).isEqualTo(idOfFar);
            }
        }
    }

    @Test
    void aPersonHiddenBehindAnotherWhileCrossingComesOutWithTheirId() {
        // the pose model sees only the nearer person while the farther one is behind them
        long idOfNear = 0;
        long idOfFar = 0;
        int hidden = 0;
        for (int f = 0; f < 30; f++) {
            PersonDetection near = at(0.55f, 0.1f + 0.028f * f, 0.5f, 0.14f);
            PersonDetection far = at(0.5f, 0.9f - 0.028f * f, 0.42f, 0.12f);
            boolean behind = PersonDetection.boxIou(near.yMin(), near.xMin(), near.yMax(), near.xMax(), far.yMin(),
                    far.xMin(), far.yMax(), far.xMax()) > 0.2f;
            hidden += behind ? 1 : 0;
            List<TrackedPerson> persons = tracker.update(state, f, behind ? List.of(near) : List.of(far, near));
            if (f == CONFIRM - 1) {
                idOfNear = idOf(persons, near);
                idOfFar = idOf(persons, far);
            } else if (f >= CONFIRM) {
                assertThat(idOf(persons, near)).as("near person's id in frame %d", f).isEqualTo(idOfNear);
                if (!behind) {
                    assertThat(idOf(persons, far)).as("far person's id in frame %d", f).isEqualTo(idOfFar);
                }
            }
        }
        assertThat(hidden).as("frames the far person is hidden").isBetween(2, MAX_MISSED);
    }

    @Test
    void aWalkerWhoStopsOutOfSightIsFoundWhereTheyWereLastSeen() {
        long id = 0;
        float x = 0.3f;
        for (int f = 0; f < CONFIRM + 2; f++, x += 0.02f) {
            List<TrackedPerson> persons = tracker.update(state, f, List.of(at(0.5f, x, 0.4f, 0.1f)));
            id = persons.isEmpty() ? id : persons.get(0).trackId();
        }
        // hidden for five sampled frames, in which they took one more step and stopped: the constant-velocity
        // prediction has walked on 0.12 by now
        long back = CONFIRM + 2 + 5;
        assertThat(tracker.update(state, back, List.of(at(0.5f, x, 0.4f, 0.1f)))).singleElement()
                .extracting(TrackedPerson::trackId).isEqualTo(id);
        assertThat(state.tracks()).hasSize(1);
    }

    @Test
    void aNewPersonIsReportedFromTheFrameTheirTrackIsConfirmedIn() {
        for (int f = 0; f < CONFIRM + 2; f++) {
            List<TrackedPerson> persons = tracker.update(state, f, List.of(at(0.5f, 0.5f, 0.4f, 0.1f)));
            assertThat(persons).hasSize(f < CONFIRM - 1 ? 0 : 1);
            assertThat(state.tracks()).singleElement().extracting(Track::status)
                    .isEqualTo(f < CONFIRM - 1 ? TrackStatus.TENTATIVE : TrackStatus.CONFIRMED);
        }
        assertThat(tracker.update(state, CONFIRM + 2, List.of(at(0.5f, 0.5f, 0.4f, 0.1f))))
                .singleElement().extracting(TrackedPerson::status).isEqualTo(TrackStatus.CONFIRMED);
    }

    @Test
    void aPersonMissingForUpToMaxMissedFramesKeepsTheirId() {
        long id = confirmStandingPerson(0);
        long f = CONFIRM;
        for (int missed = 0; missed < MAX_MISSED; missed++) {
            assertThat(tracker.update(state, f++, List.of())).isEmpty();
        }
        assertThat(state.tracks()).singleElement().extracting(Track::misses).isEqualTo(MAX_MISSED);
        assertThat(tracker.update(state, f, List.of(standing()))).singleElement()
                .extracting(TrackedPerson::trackId).isEqualTo(id);
    }

    @Test
    void aPersonMissingForLongerGetsANewIdOnceConfirmedAgain() {
        long id = confirmStandingPerson(0);
        long f = CONFIRM;
        for (int missed = 0; missed <= MAX_MISSED; missed++) {
            tracker.update(state, f++, List.of());
        }
        assertThat(state.tracks()).isEmpty();
        long newId = confirmStandingPerson(f);
        assertThat(newId).isGreaterThan(id);
    }

    @Test
    void missesAreCountedInSampledFramesNotCalls() {
        PersonTracker stepping = new PersonTracker(TrackerSettings.defaults(4));
        long sequence = 0;
        long id = 0;
        for (int f = 0; f < CONFIRM; f++, sequence += 4) {
            id = single(stepping.update(state, sequence, List.of(standing())), f == CONFIRM - 1);
        }
        long last = sequence - 4;
        long confirmedId = id;
        // frames MAX_MISSED sampled frames apart never reached the tracker: one call later, still the same person
        long back = last + 4L * (MAX_MISSED + 1);
        assertThat(stepping.update(state, back, List.of(standing()))).singleElement()
                .extracting(TrackedPerson::trackId).isEqualTo(confirmedId);
        // one sampled frame more than the allowance: a new track, not reported until confirmed
        long tooLate = back + 4L * (MAX_MISSED + 2);
        assertThat(stepping.update(state, tooLate, List.of(standing()))).isEmpty();
        assertThat(state.tracks()).singleElement().satisfies(track -> {
            assertThat(track.id()).isGreaterThan(confirmedId);
            assertThat(track.status()).isEqualTo(TrackStatus.TENTATIVE);
        });
        // a sequence inside the same sampled frame (not on the step grid) counts as that frame, and a sampled frame
        // skipped kills a tentative track
        assertThat(stepping.update(state, tooLate + 8 + 1, List.of(standing()))).isEmpty();
        assertThat(state.tracks()).singleElement().extracting(Track::hits).isEqualTo(1);
    }

    @Test
    void aSpuriousDetectionNeverBecomesAConfirmedTrack() {
        Random random = new Random(7);
        Set<Long> reported = new HashSet<>();
        for (int f = 0; f < 60; f++) {
            List<PersonDetection> detections = new ArrayList<>();
            detections.add(at(0.5f, 0.2f, 0.4f, 0.1f));
            if (f % 2 == 0) {
                // flickering in one place: matched, missed, reborn, never CONFIRM frames in a row
                detections.add(at(0.5f, 0.7f, 0.3f, 0.1f));
            }
            if (f % 5 == 0) {
                // one-off, somewhere new each time
                detections.add(at(0.2f + 0.6f * random.nextFloat(), 0.4f + 0.5f * random.nextFloat(), 0.3f, 0.1f));
            }
            tracker.update(state, f, detections).forEach(p -> reported.add(p.trackId()));
        }
        assertThat(reported).hasSize(1);
        assertThat(state.tracks()).filteredOn(t -> t.status() == TrackStatus.CONFIRMED).hasSize(1);
    }

    @Test
    void idsAreNeverReused() {
        long highest = 0;
        Set<Long> seen = new HashSet<>();
        Random random = new Random(11);
        for (int f = 0; f < 300; f++) {
            // people who stay a few frames then vanish for good, next to spurious one-offs
            List<PersonDetection> detections = new ArrayList<>();
            int group = f / 20;
            if (f % 20 < 6) {
                detections.add(at(0.5f, 0.1f + 0.05f * (group % 16), 0.4f, 0.1f));
            }
            if (random.nextFloat() < 0.3f) {
                detections.add(at(random.nextFloat(), random.nextFloat(), 0.3f, 0.1f));
            }
            tracker.update(state, f, detections);
            for (Track track : state.tracks()) {
                if (seen.add(track.id())) {
                    assertThat(track.id()).as("new id in frame %d", f).isGreaterThan(highest);
                    highest = track.id();
                }
            }
            assertThat(state.nextId()).isGreaterThan(highest);
        }
        assertThat(seen).hasSizeGreaterThan(20);
        state.cameraRestarted();
        tracker.update(state, 0, List.of(standing()));
        assertThat(state.tracks()).singleElement().extracting(Track::id).isEqualTo(highest + 1);
    }

    @Test
    void lowScoreDetectionsAreIgnored() {
        PersonDetection faint = withScore(standing(), SETTINGS.minPersonScore() - 0.01f);
        PersonDetection nan = withScore(standing(), Float.NaN);
        for (int f = 0; f < 2 * CONFIRM; f++) {
            assertThat(tracker.update(state, f, List.of(faint, nan))).isEmpty();
        }
        assertThat(state.tracks()).isEmpty();
        assertThat(state.nextId()).isEqualTo(TrackerState.FIRST_ID);

        // nor do they keep a confirmed person alive
        long id = confirmStandingPerson(100);
        for (int f = 0; f <= MAX_MISSED; f++) {
            assertThat(tracker.update(state, 100 + CONFIRM + f, List.of(faint))).isEmpty();
        }
        assertThat(state.tracks()).isEmpty();
        assertThat(id).isEqualTo(TrackerState.FIRST_ID);
    }

    @Test
    void theSameInputGivesTheSameOutput() {
        List<List<PersonDetection>> scene = SyntheticPeople.scene(42, 200);
        List<List<TrackedPerson>> first = run(scene);
        List<List<TrackedPerson>> second = run(scene);
        assertThat(second).isEqualTo(first);
        assertThat(first.stream().mapToLong(List::size).sum()).as("persons reported").isGreaterThan(400);
    }

    @Test
    void aReplayedFrameIsIgnoredAndLeavesTheStateAlone() {
        confirmStandingPerson(0);
        String before = state.toString();
        assertThat(tracker.update(state, CONFIRM - 1, List.of(standing()))).isEmpty();
        assertThat(tracker.update(state, 0, List.of(at(0.1f, 0.1f, 0.2f, 0.1f)))).isEmpty();
        assertThat(state).hasToString(before);
    }

    @Test
    void aTrackMovesAtTheVelocityOfItsLastTwoMatchesPerSampledFrame() {
        tracker.update(state, 0, List.of(at(0.5f, 0.30f, 0.4f, 0.1f)));
        assertThat(state.tracks().get(0).velocityX()).isZero();
        for (int f = 1; f < CONFIRM; f++) {
            tracker.update(state, f, List.of(at(0.5f, 0.30f + 0.02f * f, 0.4f, 0.1f)));
            assertThat(state.tracks().get(0).velocityX()).isCloseTo(0.02f, within(1e-5f));
        }
        // one sampled frame without them, then found 0.06 further on and a little higher: per sampled frame
        float x = 0.30f + 0.02f * (CONFIRM - 1) + 0.06f;
        tracker.update(state, CONFIRM + 1, List.of(at(0.49f, x, 0.4f, 0.1f)));
        Track track = state.tracks().get(0);
        assertThat(track.status()).isEqualTo(TrackStatus.CONFIRMED);
        assertThat(track.velocityX()).isCloseTo(0.03f, within(1e-5f));
        assertThat(track.velocityY()).isCloseTo(-0.005f, within(1e-5f));
    }

    private List<List<TrackedPerson>> run(List<List<PersonDetection>> scene) {
        PersonTracker fresh = new PersonTracker(SETTINGS);
        TrackerState camera = new TrackerState();
        List<List<TrackedPerson>> out = new ArrayList<>();
        for (int f = 0; f < scene.size(); f++) {
            out.add(fresh.update(camera, f, scene.get(f)));
        }
        return out;
    }

    private static PersonDetection standing() {
        return at(0.5f, 0.5f, 0.4f, 0.1f);
    }

    /** Feeds a standing person from {@code firstSequence} until confirmed; returns their id. */
    private long confirmStandingPerson(long firstSequence) {
        long id = 0;
        for (int f = 0; f < CONFIRM; f++) {
            id = single(tracker.update(state, firstSequence + f, List.of(standing())), f == CONFIRM - 1);
        }
        return id;
    }

    private static long single(List<TrackedPerson> persons, boolean confirmed) {
        if (!confirmed) {
            assertThat(persons).isEmpty();
            return 0;
        }
        assertThat(persons).hasSize(1);
        return persons.get(0).trackId();
    }

    private static long idOf(List<TrackedPerson> persons, PersonDetection detection) {
        return persons.stream().filter(p -> p.detection() == detection).findFirst()
                .orElseThrow(() -> new AssertionError(detection + " not reported in " + persons)).trackId();
    }
}
