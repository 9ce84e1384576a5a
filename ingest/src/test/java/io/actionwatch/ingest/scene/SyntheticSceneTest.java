package io.actionwatch.ingest.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticSceneTest {

    private static final int FRAMES = 90;

    private static List<byte[]> render(SceneSettings settings, int frames) {
        List<byte[]> out = new ArrayList<>();
        try (SyntheticScene scene = new SyntheticScene(settings)) {
            for (int i = 0; i < frames; i++) {
                out.add(ImageAssertions.pixels(scene.next().image()).clone());
            }
        }
        return out;
    }

    @Test
    void sameSeedGivesIdenticalPixels() {
        List<byte[]> a = render(SceneSettings.defaults(42), FRAMES);
        List<byte[]> b = render(SceneSettings.defaults(42), FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            assertThat(a.get(i)).as("frame %d", i).isEqualTo(b.get(i));
        }
    }

    @Test
    void differentSeedGivesDifferentPixels() {
        List<byte[]> a = render(SceneSettings.defaults(42), 3);
        List<byte[]> b = render(SceneSettings.defaults(43), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(a.get(i)).as("frame %d", i).isNotEqualTo(b.get(i));
        }
    }

    @Test
    void framesChangeOverTime() {
        List<byte[]> frames = render(new SceneSettings(320, 240, 15, 5, false), 40);
        assertThat(frames.get(0)).isNotEqualTo(frames.get(39));
    }

    @Test
    void sensorNoiseChangesEveryFrameButNotTheScene() {
        List<byte[]> noisy = render(new SceneSettings(160, 120, 15, 9, true), 1);
        List<byte[]> clean = render(new SceneSettings(160, 120, 15, 9, false), 1);
        assertThat(noisy.get(0)).isNotEqualTo(clean.get(0));
        long close = 0;
        for (int i = 0; i < clean.get(0).length; i++) {
            if (Math.abs((noisy.get(0)[i] & 0xFF) - (clean.get(0)[i] & 0xFF)) <= 24) {
                close++;
            }
        }
        assertThat(close).isGreaterThan(clean.get(0).length * 95L / 100);
    }

    @Test
    void longRunShowsEveryActionWithConsistentGroundTruth() {
        Set<Action> seen = EnumSet.noneOf(Action.class);
        Set<Posture> postures = EnumSet.noneOf(Posture.class);
        try (SyntheticScene scene = new SyntheticScene(new SceneSettings(160, 120, 15, 3, true))) {
            Action previous = null;
            Action segmentBefore = null;
            double lastPhase = -1;
            for (int i = 0; i < 15 * 60 * 6; i++) {
                SceneFrame frame = scene.next();
                assertThat(frame.index()).isEqualTo(i);
                assertThat(frame.image().getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
                assertThat(frame.phase()).isBetween(0.0, 1.0);
                if (frame.phase() == 0) {
                    assertThat(frame.phase()).as("a segment starts at phase 0").isZero();
                    if (previous != null) {
                        assertThat(lastPhase).as("segment of %s ends at phase 1", previous).isEqualTo(1.0);
                    }
                    segmentBefore = previous;
                    if (frame.action() == Action.GETTING_UP) {
                        assertThat(segmentBefore).isEqualTo(Action.FALLING_DOWN);
                    }
                    if (frame.action() == Action.STANDING_UP) {
                        assertThat(segmentBefore).isEqualTo(Action.SITTING_DOWN);
                    }
                    if (previous == Action.FALLING_DOWN) {
                        assertThat(frame.action()).isEqualTo(Action.GETTING_UP);
                    }
                } else {
                    assertThat(frame.action()).as("action changes only at phase 0").isEqualTo(previous);
                    assertThat(frame.phase()).isGreaterThan(lastPhase);
                }
                previous = frame.action();
                lastPhase = frame.phase();
                seen.add(frame.action());
                postures.add(frame.posture());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Action.values());
        assertThat(postures).containsExactlyInAnyOrder(Posture.values());
    }

    @Test
    void rejectsTinyFrames() {
        assertThatThrownBy(() -> new SceneSettings(8, 8, 15, 1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16x16");
        assertThatThrownBy(() -> new SceneSettings(320, 240, 0, 1, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fps");
    }

    @Test
    void labelsRoundTrip() {
        for (Action a : Action.values()) {
            assertThat(Action.fromLabel(a.label())).isEqualTo(a);
        }
        assertThat(Action.labels()).containsExactly("walking_left", "walking_right", "waving", "falling_down",
                "getting_up", "sitting_down", "standing_up", "jumping", "standing_still");
        assertThatThrownBy(() -> Action.fromLabel("dancing")).hasMessageContaining("dancing");
    }
}
