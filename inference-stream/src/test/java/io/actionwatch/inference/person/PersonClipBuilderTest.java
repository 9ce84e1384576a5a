package io.actionwatch.inference.person;

import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.schedule.RunChange;
import io.actionwatch.inference.schedule.StaleEpochException;
import io.actionwatch.inference.tracking.PersonTracker;
import io.actionwatch.inference.tracking.SyntheticPeople;
import io.actionwatch.inference.tracking.TrackerSettings;
import io.actionwatch.schemas.Person;
import io.actionwatch.schemas.SceneTruth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonClipBuilderTest {

    /** T = 4 sampled frames, one camera frame in two sampled, clips back to back. */
    private static final ClipGeometry GEOMETRY = new ClipGeometry(4, 2, 4);
    private static final int MAX_MISSING = 1;

    private final PersonClipBuilder builder = new PersonClipBuilder(
            PersonClipBuilder.schedulerFor(GEOMETRY, MAX_MISSING, 300),
            new PersonTracker(TrackerSettings.defaults(GEOMETRY.frameStep())));
    private final PersonCameraState state = new PersonCameraState();

    /** A frame of a producer without epochs whose truth says every figure in it walks right, at its box. */
    private List<PersonClip> frame(long sequence, PersonDetection... people) {
        return frame(0, sequence, people);
    }

    /** A frame of camera run {@code epoch}, admitted and accepted as the processor does. */
    private List<PersonClip> frame(long epoch, long sequence, PersonDetection... people) {
        try {
            builder.admit(state, epoch, sequence);
        } catch (StaleEpochException e) {
            throw new AssertionError("frame unexpectedly stale", e);
        }
        return builder.accept(state, "cam", sequence, 1_000 + sequence * 66, truth("walking_right", people),
                List.of(people));
    }

    static Map<String, String> truth(String label, PersonDetection... people) {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < people.length; i++) {
            PersonDetection p = people[i];
            metadata.put(SceneTruth.personBox(i), SceneTruth.formatBox(new float[]{p.yMin(), p.xMin(), p.yMax(),
                    p.xMax()}));
            metadata.put(SceneTruth.personLabel(i), label);
        }
        return metadata;
    }

    @Test
    void twoPeopleWalkingApartGetOneClipEachPerClipWithTheirOwnIds() {
        List<PersonClip> clips = new ArrayList<>();
        for (long seq = 0; seq <= 40; seq += 2) {
            float t = seq / 40f;
            clips.addAll(frame(seq, SyntheticPeople.at(0.5f, 0.2f + 0.2f * t, 0.4f, 0.1f),
                    SyntheticPeople.at(0.5f, 0.8f - 0.2f * t, 0.4f, 0.1f)));
        }
        // Confirmed after 3 sampled frames (sequence 4): clips start at the first clip starting there (clip 1,
        // sequences 8..14); by sequence 40 clips 1, 2, 3 and 4 (32..38) are decided for both people.
        assertThat(clips).extracting(c -> c.person().getTrackId()).containsExactly(1L, 2L, 1L, 2L, 1L, 2L, 1L, 2L);
        assertThat(clips).extracting(c -> c.summary().firstSequence()).containsExactly(8L, 8L, 16L, 16L, 24L, 24L,
                32L, 32L);
        PersonClip first = clips.get(0);
        assertThat(first.summary().lastSequence()).isEqualTo(14);
        assertThat(first.summary().missingFrames()).isZero();
        assertThat(first.summary().groundTruth()).isEqualTo("walking_right");
        assertThat(first.summary().startMillis()).isEqualTo(1_000 + 8 * 66);
        assertThat(first.frames()).hasSize(4);
        Person p = first.person();
        assertThat(p.getXMin()).isLessThan(p.getXMax());
        assertThat(p.getKeypointConfidence()).isBetween(0.5f, 1f);
        // Person 1 moves right: its last frame's box lies right of its first.
        assertThat(first.frames().get(3).xMin()).isGreaterThan(first.frames().get(0).xMin());
    }

    @Test
    void eachPersonTakesTheTruthOfTheFigureTheyOverlapAndNoneWithoutIt() {
        List<PersonClip> clips = new ArrayList<>();
        for (long seq = 0; seq <= 16; seq += 2) {
            PersonDetection left = SyntheticPeople.at(0.5f, 0.2f, 0.4f, 0.1f);
            PersonDetection right = SyntheticPeople.at(0.5f, 0.8f, 0.4f, 0.1f);
            Map<String, String> metadata = new HashMap<>(truth("waving", right));
            metadata.put(SceneTruth.personBox(1), SceneTruth.formatBox(new float[]{0.3f, 0.15f, 0.7f, 0.25f}));
            metadata.put(SceneTruth.personLabel(1), "falling_down");
            clips.addAll(builder.accept(state, "cam", seq, seq * 66L, metadata, List.of(left, right)));
        }
        assertThat(clips).extracting(c -> c.summary().groundTruth()).containsExactly("falling_down", "waving");
        assertThat(new PersonClipBuilder(PersonClipBuilder.schedulerFor(GEOMETRY, MAX_MISSING, 300),
                new PersonTracker(TrackerSettings.defaults(GEOMETRY.frameStep())))
                .accept(new PersonCameraState(), "cam", 0, 0, Map.of(SceneTruth.personBox(0), "not,a,box"),
                        List.of(SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f)))).isEmpty();
    }

    @Test
    void aPersonMissedInOneFrameIsFilledAndOneMissedInTwoGetsNoClip() {
        List<PersonClip> clips = new ArrayList<>();
        for (long seq = 0; seq <= 30; seq += 2) {
            boolean seen = seq != 10 && seq != 18 && seq != 20;   // one miss in clip 1, two in clip 2
            clips.addAll(seen ? frame(seq, SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f)) : frame(seq));
        }
        assertThat(clips).extracting(c -> c.summary().clipIndex()).containsExactly(1L, 3L);
        assertThat(clips.get(0).summary().missingFrames()).isEqualTo(1);
        // The missing frame (sequence 10) stands in with its earlier neighbour (sequence 8).
        assertThat(clips.get(0).frames().get(1)).isSameAs(clips.get(0).frames().get(0));
    }

    @Test
    void aFrameAtOrBeforeTheLastIsIgnoredAndStateStaysBounded() {
        for (long seq = 0; seq <= 60; seq += 2) {
            frame(seq, SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f));
        }
        assertThat(frame(40, SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f))).isEmpty();
        PersonStream stream = state.streams().get(1L);
        // Only frames a clip still undecided may use are kept.
        assertThat(stream.frames().firstKey()).isGreaterThanOrEqualTo(GEOMETRY.firstSequence(stream.nextClip()));
        assertThat(stream.frames()).hasSizeLessThanOrEqualTo(GEOMETRY.frames());
    }

    @Test
    void aPersonWhoLeavesIsForgottenOnceTheirClipsAreDecided() {
        for (long seq = 0; seq <= 20; seq += 2) {
            frame(seq, SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f));
        }
        for (long seq = 22; seq <= 60; seq += 2) {
            frame(seq);
        }
        assertThat(state.streams()).isEmpty();
        assertThat(state.tracker().tracks()).isEmpty();
    }

    @Test
    void withEpochsAStrayFrameFarBehindIsIgnoredAndANewEpochStartsOver() throws StaleEpochException {
        long epoch = 1_900_000_000_000L;
        PersonDetection person = SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f);
        for (long seq = 0; seq <= 1_100; seq += 2) {
            frame(epoch, seq, person);
        }
        Map<Long, Long> nextClips = new HashMap<>();
        state.streams().forEach((id, stream) -> nextClips.put(id, stream.nextClip()));

        assertThat(builder.admit(state, epoch, 2)).as("2 is 1098 behind, same epoch").isEqualTo(RunChange.SAME_RUN);
        assertThat(frame(epoch, 2, person)).as("a stray frame: ignored").isEmpty();
        assertThat(state.tracker().lastSequence()).isEqualTo(1_100);
        assertThat(state.streams().keySet()).containsExactly(1L);
        assertThat(state.streams().get(1L).nextClip()).isEqualTo(nextClips.get(1L));
        assertThat(frame(epoch, 1_102, person)).as("the clip 1_096..1_102 still comes, same person").singleElement()
                .satisfies(c -> assertThat(c.person().getTrackId()).isEqualTo(1L));

        assertThat(builder.admit(state, epoch + 60_000, 0)).isEqualTo(RunChange.RESTARTED);
        assertThat(state.epoch()).isEqualTo(epoch + 60_000);
        assertThat(state.streams()).isEmpty();
        List<PersonClip> clips = new ArrayList<>();
        for (long seq = 0; seq <= 20; seq += 2) {
            clips.addAll(frame(epoch + 60_000, seq, person));
        }
        assertThat(clips).isNotEmpty().allSatisfy(c -> assertThat(c.person().getTrackId()).isEqualTo(2L));
    }

    @Test
    void aFrameOfAnOlderEpochIsRefusedAndChangesNothing() {
        long epoch = 1_900_000_000_000L;
        for (long seq = 0; seq <= 40; seq += 2) {
            frame(epoch, seq, SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f));
        }
        byte[] before = new PersonCameraStateSerde().serializer().serialize("t", state);
        assertThatThrownBy(() -> builder.admit(state, epoch - 1, 0)).isInstanceOf(StaleEpochException.class)
                .hasMessageContaining("epoch " + (epoch - 1)).hasMessageContaining("current epoch " + epoch);
        assertThatThrownBy(() -> builder.admit(state, 0, 42)).as("0 predates any stamped epoch")
                .isInstanceOf(StaleEpochException.class);
        assertThat(new PersonCameraStateSerde().serializer().serialize("t", state)).isEqualTo(before);
    }

    @Test
    void withoutEpochsACameraThatNumbersFromScratchStartsOverWithNewIds() {
        for (long seq = 0; seq <= 1_000; seq += 2) {
            frame(seq, SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f));
        }
        List<PersonClip> clips = new ArrayList<>();
        for (long seq = 0; seq <= 20; seq += 2) {
            clips.addAll(frame(seq, SyntheticPeople.at(0.5f, 0.5f, 0.4f, 0.1f)));
        }
        assertThat(clips).isNotEmpty();
        assertThat(clips).allSatisfy(c -> assertThat(c.person().getTrackId()).isEqualTo(2L));
    }
}
