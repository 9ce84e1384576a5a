package io.actionwatch.ingest.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenes of several people; one person is held to the old scene byte for byte by {@link SingleFigureGoldenTest}. */
class MultiPersonSceneTest {

    private static final int FPS = 15;
    /** Three minutes: every person gets through dozens of segments. */
    private static final int LONG_RUN = FPS * 60 * 3;

    /** One frame's truth, copied out of the scene's reused arrays. */
    private record Truth(List<Action> actions, List<float[]> boxes) {
        static Truth of(SceneFrame frame) {
            List<Action> actions = new ArrayList<>();
            List<float[]> boxes = new ArrayList<>();
            for (ScenePerson p : frame.people()) {
                actions.add(p.action());
                boxes.add(p.box());
            }
            return new Truth(actions, boxes);
        }
    }

    private static List<Truth> run(SceneSettings settings, int frames) {
        List<Truth> truths = new ArrayList<>(frames);
        try (SyntheticScene scene = new SyntheticScene(settings)) {
            for (int i = 0; i < frames; i++) {
                truths.add(Truth.of(scene.next()));
            }
        }
        return truths;
    }

    private static SceneSettings threePeople(long seed) {
        return new SceneSettings(320, 240, FPS, seed, false, 3);
    }

    private static double centreX(float[] box) {
        return (box[1] + box[3]) / 2;
    }

    private static boolean overlap(float[] a, float[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }

    @Test
    void everyFrameHasEachPersonsTruthWithBoxesInsideTheFrame() {
        int allDifferent = 0;
        List<Set<Action>> seen = List.of(EnumSet.noneOf(Action.class), EnumSet.noneOf(Action.class),
                EnumSet.noneOf(Action.class));
        try (SyntheticScene scene = new SyntheticScene(threePeople(1))) {
            for (int i = 0; i < LONG_RUN; i++) {
                SceneFrame frame = scene.next();
                assertThat(frame.people()).hasSize(3);
                for (int p = 0; p < 3; p++) {
                    ScenePerson person = frame.people().get(p);
                    assertThat(person.phase()).isBetween(0.0, 1.0);
                    float[] box = person.box();
                    assertThat(box[0]).as("frame %d person %d", i, p).isGreaterThanOrEqualTo(0f).isLessThan(box[2]);
                    assertThat(box[1]).as("frame %d person %d", i, p).isGreaterThanOrEqualTo(0f).isLessThan(box[3]);
                    assertThat(box[2]).as("frame %d person %d", i, p).isLessThanOrEqualTo(1f);
                    assertThat(box[3]).as("frame %d person %d", i, p).isLessThanOrEqualTo(1f);
                    seen.get(p).add(person.action());
                }
                if (Set.copyOf(Truth.of(frame).actions()).size() == 3) {
                    allDifferent++;
                }
            }
        }
        assertThat(allDifferent).as("frames where the three do three different things").isGreaterThan(LONG_RUN / 4);
        for (Set<Action> actions : seen) {
            assertThat(actions).hasSizeGreaterThan(5);
        }
    }

    @Test
    void walkersBoxesMoveTheWayTheyWalk() {
        List<Truth> truths = run(threePeople(2), LONG_RUN);
        int walks = 0;
        for (int p = 0; p < 3; p++) {
            int start = 0;
            for (int i = 1; i <= truths.size(); i++) {
                Action action = truths.get(start).actions().get(p);
                if (i < truths.size() && truths.get(i).actions().get(p) == action) {
                    continue;
                }
                // [start, i) is one segment of this action, or several in a row: the same way, so the same test.
                if ((action == Action.WALKING_LEFT || action == Action.WALKING_RIGHT) && i < truths.size()) {
                    double moved = centreX(truths.get(i - 1).boxes().get(p))
                            - centreX(truths.get(start).boxes().get(p));
                    double way = action == Action.WALKING_RIGHT ? 1 : -1;
                    assertThat(way * moved).as("person %d %s over frames %d-%d", p, action, start, i - 1)
                            .isGreaterThan(0.05);
                    walks++;
                }
                start = i;
            }
        }
        assertThat(walks).isGreaterThan(5);
    }

    @Test
    void walkersCrossOtherPeople() {
        List<Truth> truths = run(threePeople(3), FPS * 60); // a minute is plenty: they cross dozens of times
        int crossings = 0;
        for (int i = 1; i < truths.size(); i++) {
            for (int a = 0; a < 3; a++) {
                for (int b = a + 1; b < 3; b++) {
                    float[] boxA = truths.get(i).boxes().get(a);
                    float[] boxB = truths.get(i).boxes().get(b);
                    boolean wasLeft = centreX(truths.get(i - 1).boxes().get(a))
                            < centreX(truths.get(i - 1).boxes().get(b));
                    boolean isLeft = centreX(boxA) < centreX(boxB);
                    if (wasLeft != isLeft && overlap(boxA, boxB)) {
                        crossings++;
                    }
                }
            }
        }
        assertThat(crossings).as("one person passing another, their boxes overlapping").isGreaterThan(0);
    }

    @Test
    void sameSeedGivesIdenticalFramesAndTruth() {
        SceneSettings noisy = SceneSettings.defaults(4).withPeople(3);
        try (SyntheticScene a = new SyntheticScene(noisy); SyntheticScene b = new SyntheticScene(noisy)) {
            for (int i = 0; i < 120; i++) {
                SceneFrame fa = a.next();
                SceneFrame fb = b.next();
                assertThat(ImageAssertions.pixels(fa.image())).as("frame %d", i)
                        .isEqualTo(ImageAssertions.pixels(fb.image()));
                for (int p = 0; p < 3; p++) {
                    assertThat(fa.people().get(p).action()).isEqualTo(fb.people().get(p).action());
                    assertThat(fa.people().get(p).keypoints()).isEqualTo(fb.people().get(p).keypoints());
                }
            }
        }
    }

    @Test
    void morePeopleAddFiguresToTheSameRoom() {
        // The same seed with more people: the same backdrop, with more painted over it.
        try (SyntheticScene one = new SyntheticScene(new SceneSettings(320, 240, FPS, 5, false));
             SyntheticScene four = new SyntheticScene(new SceneSettings(320, 240, FPS, 5, false, 4))) {
            long differing = ImageAssertions.differingBytes(one.next().image(), four.next().image());
            assertThat(differing).isPositive().isLessThan(320 * 240 * 3 / 2);
        }
    }

    @Test
    void aFrameOfSeveralPeopleHasNoSingleAction() {
        try (SyntheticScene scene = new SyntheticScene(threePeople(6))) {
            SceneFrame frame = scene.next();
            assertThatThrownBy(frame::action).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("3 people");
        }
    }

    @Test
    void peopleCountIsOneToFour() {
        assertThat(SceneSettings.defaults(1).people()).isEqualTo(1);
        assertThat(SceneSettings.defaults(1).withPeople(4).people()).isEqualTo(4);
        assertThatThrownBy(() -> SceneSettings.defaults(1).withPeople(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 4, got 0");
        assertThatThrownBy(() -> SceneSettings.defaults(1).withPeople(5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 4, got 5");
    }
}
