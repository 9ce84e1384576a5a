package io.actionwatch.ingest.scene;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * Renders isolated labelled clips for data sets and evaluation: one action per clip, with a person, backdrop,
 * motion and camera noise drawn from the clip's seed. A clip is what a camera sees over {@code frames * frameStep}
 * frames of one action segment, keeping every {@code frameStep}-th frame: the segment has the camera's duration
 * distribution and the clip is a random window inside it.
 *
 * <p>A getting-up (standing-up) clip is the exact time reverse of the falling-down (sitting-down) clip of the same
 * seed: the seed draws the same person, segment and placement for both, and the window is mirrored inside the
 * segment. With sensor noise off, frame i of one equals frame T-1-i of the other pixel for pixel.
 */
public final class ClipRenderer implements AutoCloseable {

    /**
     * Revision of the scene's look and motion: bumped whenever the same seed renders different pixels, so data sets
     * and models record which renderer made them.
     */
    public static final int SCENE_REVISION = 2;

    private static final long MOTION = 3;
    private static final long PLACEMENT = 4;
    private static final long NOISE = 5;

    private final int width;
    private final int height;
    private final double fps;
    private final boolean sensorNoise;
    private final SceneCanvas canvas;
    private final Pose pose = new Pose();
    private final Skeleton skeleton = new Skeleton();

    public ClipRenderer(int width, int height, double fps, boolean sensorNoise) {
        new SceneSettings(width, height, fps, 0, sensorNoise); // validates
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.sensorNoise = sensorNoise;
        this.canvas = new SceneCanvas(width, height);
    }

    /**
     * Renders one clip, handing each sampled frame to {@code consumer} with its index 0..frames-1. The frame's image
     * is this renderer's reused buffer: copy or encode it inside the consumer.
     */
    public void render(Action action, long seed, int frames, int frameStep, ObjIntConsumer<SceneFrame> consumer) {
        if (frames < 1 || frameStep < 1) {
            throw new IllegalArgumentException("frames and frameStep must be >= 1, got " + frames + ", " + frameStep);
        }
        Stage stage = new Stage(seed, width, height, sensorNoise);
        Motion motion = new Motion(SceneRandom.stream(seed, MOTION));
        SceneRandom placement = SceneRandom.stream(seed, PLACEMENT);
        Action twin = action.forwardTwin();
        int span = (frames - 1) * frameStep + 1;
        int segment = Blocking.segmentFrames(twin, placement, fps, Math.max(span, 2));
        int last = segment - 1;
        int offset = placement.nextInt(segment - span + 1);
        if (action.isReversed()) {
            offset = segment - span - offset;
        }
        double heightPx = stage.appearance.heightPx;
        int facing = placement.sign();
        double speedPx = 0;
        if (action == Action.WALKING_LEFT || action == Action.WALKING_RIGHT) {
            facing = action == Action.WALKING_RIGHT ? 1 : -1;
            double room = width - 2 * (Blocking.WALK_REACH * heightPx + 2);
            double seconds = (span - 1) / fps;
            speedPx = Math.min(motion.walkSpeed * heightPx, seconds > 0 ? Math.max(0, room) / seconds : 0);
        }
        double pathPx = speedPx * (span - 1) / fps;
        double lo = Blocking.minX(action, facing, heightPx, width);
        double hi = Blocking.maxX(action, facing, heightPx, width);
        double startX;
        if (facing > 0) {
            startX = placement.range(lo, Math.max(lo, hi - pathPx));
        } else {
            startX = placement.range(Math.min(hi, lo + pathPx), hi);
        }
        long noiseSeed = SceneRandom.stream(seed, NOISE).nextLong();
        for (int i = 0; i < frames; i++) {
            int k = offset + i * frameStep;
            Choreography.pose(action, motion, k, last, fps, pose);
            skeleton.solve(pose);
            double x = startX + facing * speedPx * (k - offset) / fps;
            canvas.render(stage, skeleton, x, facing, SceneRandom.mix(noiseSeed + k));
            consumer.accept(new SceneFrame(canvas.image(), i, action, (double) k / last, skeleton.posture(pose),
                    canvas.keypoints()), i);
        }
    }

    /** Renders one clip into fresh copies of its frames (for tests and evaluation; the data set streams instead). */
    public List<BufferedImage> renderCopies(Action action, long seed, int frames, int frameStep) {
        List<BufferedImage> copies = new ArrayList<>(frames);
        render(action, seed, frames, frameStep, (frame, i) -> copies.add(copy(frame.image())));
        return copies;
    }

    static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
        image.copyData(copy.getRaster());
        return copy;
    }

    @Override
    public void close() {
        canvas.close();
    }
}
