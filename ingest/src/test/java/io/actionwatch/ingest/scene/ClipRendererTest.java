package io.actionwatch.ingest.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClipRendererTest {

    private static final int T = 8;
    private static final int S = 2;

    private record Clip(List<BufferedImage> images, List<SceneFrame> frames) {
    }

    private static Clip render(ClipRenderer renderer, Action action, long seed) {
        List<BufferedImage> images = new ArrayList<>();
        List<SceneFrame> frames = new ArrayList<>();
        renderer.render(action, seed, T, S, (frame, i) -> {
            images.add(ClipRenderer.copy(frame.image()));
            frames.add(new SceneFrame(null, frame.index(), frame.action(), frame.phase(), frame.posture(),
                    frame.keypoints().clone()));
        });
        return new Clip(images, frames);
    }

    @ParameterizedTest
    @CsvSource({"falling_down,getting_up", "sitting_down,standing_up"})
    void reversedPairsAreExactTimeReverses(String forwardLabel, String reversedLabel) {
        Action forward = Action.fromLabel(forwardLabel);
        Action reversed = Action.fromLabel(reversedLabel);
        try (ClipRenderer renderer = new ClipRenderer(320, 240, 15, false)) {
            for (long seed = 1; seed <= 6; seed++) {
                Clip f = render(renderer, forward, seed);
                Clip r = render(renderer, reversed, seed);
                for (int i = 0; i < T; i++) {
                    assertThat(ImageAssertions.differingBytes(r.images.get(i), f.images.get(T - 1 - i)))
                            .as("seed %d: %s frame %d vs %s frame %d", seed, reversed, i, forward, T - 1 - i)
                            .isZero();
                    assertThat(r.frames.get(i).posture()).isEqualTo(f.frames.get(T - 1 - i).posture());
                    assertThat(r.frames.get(i).keypoints()).isEqualTo(f.frames.get(T - 1 - i).keypoints());
                    assertThat(r.frames.get(i).phase()).isCloseTo(1 - f.frames.get(T - 1 - i).phase(),
                            org.assertj.core.data.Offset.offset(1e-12));
                }
                // The comparison is meaningful only if the body moves within the clip.
                assertThat(ImageAssertions.differingBytes(f.images.get(0), f.images.get(T - 1)))
                        .as("seed %d: %s clip must show motion", seed, forward).isGreaterThan(200);
            }
        }
    }

    @Test
    void everyActionRendersWithItsLabelAndIncreasingPhase() {
        try (ClipRenderer renderer = new ClipRenderer(320, 240, 15, true)) {
            for (Action action : Action.values()) {
                Clip clip = render(renderer, action, 11);
                assertThat(clip.frames).hasSize(T);
                for (int i = 0; i < T; i++) {
                    SceneFrame frame = clip.frames.get(i);
                    assertThat(frame.action()).isEqualTo(action);
                    assertThat(frame.index()).isEqualTo(i);
                    assertThat(frame.phase()).isBetween(0.0, 1.0);
                    if (i > 0) {
                        assertThat(frame.phase()).isGreaterThan(clip.frames.get(i - 1).phase());
                    }
                    assertThat(clip.images.get(i).getWidth()).isEqualTo(320);
                    assertThat(clip.images.get(i).getHeight()).isEqualTo(240);
                }
            }
        }
    }

    @Test
    void cleanFramesAreTheSeedsBackdropWithTheFigureOnIt() {
        try (ClipRenderer renderer = new ClipRenderer(320, 240, 15, false)) {
            for (Action action : Action.values()) {
                BufferedImage frame = renderer.renderCopies(action, 21, 1, 1).get(0);
                byte[] backdrop = new Stage(21, 320, 240, false).backdrop;
                byte[] pixels = ImageAssertions.pixels(frame);
                long differing = 0;
                for (int i = 0; i < pixels.length; i++) {
                    if (pixels[i] != backdrop[i]) {
                        differing++;
                    }
                }
                // The figure covers some hundreds of pixels, far from the whole picture.
                assertThat(differing).as("%s", action).isBetween(300L, pixels.length / 4L);
            }
        }
    }

    @Test
    void postureLabelsFollowTheBody() {
        try (ClipRenderer renderer = new ClipRenderer(160, 120, 15, false)) {
            assertThat(posturesOver(renderer, Action.WALKING_LEFT)).contains(Posture.WALKING);
            assertThat(posturesOver(renderer, Action.WAVING)).contains(Posture.ARM_RAISED);
            assertThat(posturesOver(renderer, Action.JUMPING)).contains(Posture.AIRBORNE);
            assertThat(posturesOver(renderer, Action.FALLING_DOWN)).contains(Posture.LYING, Posture.LEANING);
            assertThat(posturesOver(renderer, Action.SITTING_DOWN)).contains(Posture.CROUCHED);
            assertThat(posturesOver(renderer, Action.STANDING_STILL)).containsOnly(Posture.UPRIGHT);
        }
    }

    private static Set<Posture> posturesOver(ClipRenderer renderer, Action action) {
        Set<Posture> postures = EnumSet.noneOf(Posture.class);
        for (long seed = 100; seed < 110; seed++) {
            renderer.render(action, seed, T, S, (frame, i) -> postures.add(frame.posture()));
        }
        return postures;
    }

    @Test
    void walkingMovesTheFigureTheWayItIsNamed() {
        try (ClipRenderer renderer = new ClipRenderer(320, 240, 15, false)) {
            for (long seed = 1; seed <= 5; seed++) {
                assertThat(figureShift(renderer, Action.WALKING_RIGHT, seed)).as("seed %d", seed).isPositive();
                assertThat(figureShift(renderer, Action.WALKING_LEFT, seed)).as("seed %d", seed).isNegative();
            }
        }
    }

    /** Horizontal displacement of the figure (pixels unlike the seed's backdrop) from first to last frame. */
    private static double figureShift(ClipRenderer renderer, Action action, long seed) {
        List<BufferedImage> frames = renderer.renderCopies(action, seed, T, S);
        byte[] backdrop = new Stage(seed, 320, 240, false).backdrop;
        return figureCentre(frames.get(T - 1), backdrop) - figureCentre(frames.get(0), backdrop);
    }

    private static double figureCentre(BufferedImage frame, byte[] backdrop) {
        byte[] pixels = ImageAssertions.pixels(frame);
        int width = frame.getWidth();
        double sum = 0;
        double weight = 0;
        for (int i = 0; i < pixels.length; i += 3) {
            if (pixels[i] != backdrop[i] || pixels[i + 1] != backdrop[i + 1] || pixels[i + 2] != backdrop[i + 2]) {
                sum += (i / 3) % width;
                weight++;
            }
        }
        return sum / Math.max(1, weight);
    }
}
