package io.actionwatch.inference.person;

import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.inference.tracking.PersonTracker;
import io.actionwatch.inference.tracking.SyntheticPeople;
import io.actionwatch.inference.tracking.TrackerSettings;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonCameraStateSerdeTest {

    private static final ClipGeometry GEOMETRY = new ClipGeometry(4, 2, 4);
    private final PersonCameraStateSerde serde = new PersonCameraStateSerde();

    private static PersonClipBuilder builder() {
        return new PersonClipBuilder(PersonClipBuilder.schedulerFor(GEOMETRY, 1, 300),
                new PersonTracker(TrackerSettings.defaults(GEOMETRY.frameStep())));
    }

    private static List<PersonClip> run(PersonClipBuilder builder, PersonCameraState state, long from, long to) {
        List<PersonClip> clips = new ArrayList<>();
        for (long seq = from; seq <= to; seq += 2) {
            float t = seq / 100f;
            PersonDetection a = SyntheticPeople.at(0.5f, 0.2f + t, 0.4f, 0.1f);
            PersonDetection b = SyntheticPeople.at(0.5f, 0.8f - t, 0.4f, 0.1f);
            clips.addAll(builder.accept(state, "cam", seq, seq * 66,
                    seq % 4 == 0 ? PersonClipBuilderTest.truth("waving", a) : Map.of(), List.of(a, b)));
        }
        return clips;
    }

    private byte[] bytes(PersonCameraState state) {
        return serde.serializer().serialize("t", state);
    }

    @Test
    void aRestoredCameraContinuesExactlyAsTheUninterruptedOne() {
        PersonCameraState uninterrupted = new PersonCameraState();
        PersonClipBuilder one = builder();
        run(one, uninterrupted, 0, 30);
        PersonCameraState restored = serde.deserializer().deserialize("t", bytes(uninterrupted));
        assertThat(bytes(restored)).isEqualTo(bytes(uninterrupted));
        List<PersonClip> expected = run(one, uninterrupted, 32, 70);
        List<PersonClip> actual = run(builder(), restored, 32, 70);
        assertThat(actual).isNotEmpty();
        assertThat(actual).extracting(PersonClip::summary).isEqualTo(expected.stream().map(PersonClip::summary)
                .toList());
        assertThat(actual).extracting(PersonClip::person).isEqualTo(expected.stream().map(PersonClip::person)
                .toList());
        assertThat(bytes(restored)).isEqualTo(bytes(uninterrupted));
    }

    @Test
    void theEpochIsStoredAndAStateOfVersionOneReadsAsEpochZero() {
        PersonCameraState state = new PersonCameraState(1_900_000_000_000L);
        run(builder(), state, 0, 30);
        byte[] v2 = bytes(state);
        assertThat(v2[0]).isEqualTo(PersonCameraStateSerde.VERSION).isEqualTo((byte) 2);
        PersonCameraState back = serde.deserializer().deserialize("t", v2);
        assertThat(back.epoch()).isEqualTo(1_900_000_000_000L);
        assertThat(bytes(back)).isEqualTo(v2);

        // Version 1 is version 2 without the epoch (written before cameras had epochs).
        byte[] v1 = new byte[v2.length - Long.BYTES];
        v1[0] = 1;
        System.arraycopy(v2, 1 + Long.BYTES, v1, 1, v1.length - 1);
        PersonCameraState old = serde.deserializer().deserialize("t", v1);
        assertThat(old.epoch()).isZero();
        assertThat(old.tracker().lastSequence()).isEqualTo(state.tracker().lastSequence());
        assertThat(old.streams().keySet()).isEqualTo(state.streams().keySet());
        byte[] expected = bytes(state).clone();
        Arrays.fill(expected, 1, 1 + Long.BYTES, (byte) 0);
        assertThat(bytes(old)).as("the same state, now with epoch 0").isEqualTo(expected);
    }

    @Test
    void corruptBytesAreRefusedWithTheReason() {
        PersonCameraState state = new PersonCameraState();
        run(builder(), state, 0, 20);
        byte[] good = bytes(state);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[]{9}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
        for (int cut = 1; cut < good.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                    .as("cut at %d", cut).isInstanceOf(SerializationException.class);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", trailing))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
