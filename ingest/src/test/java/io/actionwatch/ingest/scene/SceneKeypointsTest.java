package io.actionwatch.ingest.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The true keypoints lie on the painted figure, and left/right follow the way the figure faces. */
class SceneKeypointsTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final int T = 8;

    private record Frame(BufferedImage image, float[] keypoints, Posture posture) {
    }

    private static List<Frame> render(ClipRenderer renderer, Action action, long seed) {
        List<Frame> frames = new ArrayList<>();
        renderer.render(action, seed, T, 2, (frame, i) ->
                frames.add(new Frame(ClipRenderer.copy(frame.image()), frame.keypoints().clone(), frame.posture())));
        return frames;
    }

    private static int keypoint(String name) {
        return SceneKeypoints.NAMES.indexOf(name);
    }

    private static int px(float[] k, int keypoint) {
        return (int) Math.floor(k[keypoint * SceneKeypoints.STRIDE + 1] * W);
    }

    private static int py(float[] k, int keypoint) {
        return (int) Math.floor(k[keypoint * SceneKeypoints.STRIDE] * H);
    }

    private static boolean painted(BufferedImage image, byte[] backdrop, int x, int y) {
        byte[] pixels = ImageAssertions.pixels(image);
        int i = (y * W + x) * 3;
        return pixels[i] != backdrop[i] || pixels[i + 1] != backdrop[i + 1] || pixels[i + 2] != backdrop[i + 2];
    }

    private static boolean hasColour(BufferedImage image, int x, int y, Color colour) {
        Color c = new Color(image.getRGB(x, y));
        return Math.abs(c.getRed() - colour.getRed()) <= 2 && Math.abs(c.getGreen() - colour.getGreen()) <= 2
                && Math.abs(c.getBlue() - colour.getBlue()) <= 2;
    }

    @Test
    void everyKeypointLiesOnThePaintedFigureAndTheirBoxMatchesIt() {
        try (ClipRenderer renderer = new ClipRenderer(W, H, 15, false)) {
            for (Action action : Action.values()) {
                for (long seed = 1; seed <= 3; seed++) {
                    Stage stage = new Stage(seed, W, H, false);
                    double h = stage.appearance.heightPx;
                    // Paint reaches beyond the keypoints by stroke half-widths, the head above the eyes, the hair
                    // behind the ears, the feet (toes are 0.07 h beyond the ankles; COCO has no toe) and the floor
                    // shadow beyond the toes (0.075 h either side, 0.025 h below): at most 0.15 h.
                    double slack = 0.15 * h + 2;
                    for (Frame f : render(renderer, action, seed)) {
                        int minX = W;
                        int maxX = -1;
                        int minY = H;
                        int maxY = -1;
                        for (int k = 0; k < SceneKeypoints.COUNT; k++) {
                            int x = px(f.keypoints, k);
                            int y = py(f.keypoints, k);
                            assertThat(x).as("%s seed %d: %s inside the frame", action, seed,
                                    SceneKeypoints.NAMES.get(k)).isBetween(0, W - 1);
                            assertThat(y).isBetween(0, H - 1);
                            assertThat(painted(f.image, stage.backdrop, x, y)).as("%s seed %d: %s on the figure",
                                    action, seed, SceneKeypoints.NAMES.get(k)).isTrue();
                            minX = Math.min(minX, x);
                            maxX = Math.max(maxX, x);
                            minY = Math.min(minY, y);
                            maxY = Math.max(maxY, y);
                        }
                        int[] box = paintedBox(f.image, stage.backdrop);
                        assertThat(box[0]).as("%s seed %d: left", action, seed).isBetween((int) (minX - slack), minX);
                        assertThat(box[1]).as("%s seed %d: top", action, seed).isBetween((int) (minY - slack), minY);
                        assertThat(box[2]).as("%s seed %d: right", action, seed).isBetween(maxX, (int) (maxX + slack));
                        if (f.posture != Posture.AIRBORNE) {    // the shadow stays on the floor in a jump
                            assertThat(box[3]).as("%s seed %d: bottom", action, seed)
                                    .isBetween(maxY, (int) (maxY + slack));
                        }
                    }
                }
            }
        }
    }

    /** {minX, minY, maxX, maxY} of the pixels unlike the backdrop. */
    private static int[] paintedBox(BufferedImage image, byte[] backdrop) {
        int[] box = {W, H, -1, -1};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (painted(image, backdrop, x, y)) {
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x);
                    box[3] = Math.max(box[3], y);
                }
            }
        }
        return box;
    }

    @Test
    void theNearLimbsAreTheRightOnesWhenFacingRightAndTheNoseLeads() {
        try (ClipRenderer renderer = new ClipRenderer(W, H, 15, false)) {
            for (Action action : List.of(Action.WALKING_RIGHT, Action.WALKING_LEFT)) {
                String near = action == Action.WALKING_RIGHT ? "right" : "left";
                String far = action == Action.WALKING_RIGHT ? "left" : "right";
                int facing = action == Action.WALKING_RIGHT ? 1 : -1;
                for (long seed = 1; seed <= 4; seed++) {
                    Appearance a = new Stage(seed, W, H, false).appearance;
                    int farKneeVisible = 0;
                    for (Frame f : render(renderer, action, seed)) {
                        float[] k = f.keypoints;
                        // The front (near) leg and arm are painted last, in the unshaded colours.
                        int knee = keypoint(near + "_knee");
                        int elbow = keypoint(near + "_elbow");
                        assertThat(hasColour(f.image, px(k, knee), py(k, knee), a.trousers))
                                .as("%s seed %d: near knee", action, seed).isTrue();
                        assertThat(hasColour(f.image, px(k, elbow), py(k, elbow), a.shirt))
                                .as("%s seed %d: near elbow", action, seed).isTrue();
                        int farKnee = keypoint(far + "_knee");
                        if (hasColour(f.image, px(k, farKnee), py(k, farKnee), a.trousersBack)) {
                            farKneeVisible++;
                        }
                        int nose = keypoint("nose") * SceneKeypoints.STRIDE + 1;
                        int ear = keypoint("left_ear") * SceneKeypoints.STRIDE + 1;
                        assertThat(Math.signum(k[nose] - k[ear])).as("%s: the nose leads", action)
                                .isEqualTo((float) facing);
                        assertThat(k[keypoint("left_hip") * 2]).isEqualTo(k[keypoint("right_hip") * 2]);
                    }
                    assertThat(farKneeVisible).as("%s seed %d: the far knee shows in the shaded colour", action, seed)
                            .isPositive();
                }
            }
        }
    }
}
