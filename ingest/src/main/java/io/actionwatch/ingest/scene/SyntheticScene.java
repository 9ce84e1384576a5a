package io.actionwatch.ingest.scene;

import java.util.List;

/**
 * A synthetic camera's endless video: one person in a fixed room performing a random sequence of actions, each for
 * a segment of 1.5-5 s, with the true action, phase and posture of every frame. Deterministic for a seed.
 *
 * <p>Continuity: the body state carries over between segments. From standing the person may walk (left or right,
 * turning to face the way they walk and staying in the picture), wave, jump, stand still, fall down or sit down;
 * after falling down they always get up, after sitting down they always stand up, each the exact reverse of the
 * preceding segment's trajectory. Cyclic actions ramp in and out of the standing pose, so poses are continuous
 * across segment boundaries; position carries over (walking moves the person). Only the facing direction may
 * change at a boundary (the person turns around), when a walk or fall needs room on the other side.
 */
public final class SyntheticScene implements AutoCloseable {

    private static final long SEGMENTS = 6;
    private static final long NOISE = 7;
    private static final List<Action> FROM_STANDING = List.of(Action.WALKING_LEFT, Action.WALKING_RIGHT, Action.WAVING,
            Action.FALLING_DOWN, Action.SITTING_DOWN, Action.JUMPING, Action.STANDING_STILL);

    private final SceneSettings settings;
    private final Stage stage;
    private final SceneCanvas canvas;
    private final SceneRandom random;
    private final long noiseSeed;
    private final Pose pose = new Pose();
    private final Skeleton skeleton = new Skeleton();

    private long frameIndex;
    private double x;
    private int facing;
    private Action action;
    private Motion motion;
    private int segmentFrames;
    private int k;
    private double segmentStartX;
    private double speedPx;

    public SyntheticScene(SceneSettings settings) {
        this.settings = settings;
        this.stage = new Stage(settings.seed(), settings.width(), settings.height(), settings.sensorNoise());
        this.canvas = new SceneCanvas(settings.width(), settings.height());
        this.random = SceneRandom.stream(settings.seed(), SEGMENTS);
        this.noiseSeed = SceneRandom.stream(settings.seed(), NOISE).nextLong();
        double h = stage.appearance.heightPx;
        facing = random.sign();
        double lo = Blocking.minX(Action.STANDING_STILL, facing, h, settings.width());
        double hi = Blocking.maxX(Action.STANDING_STILL, facing, h, settings.width());
        x = random.range(lo, hi);
        startSegment(null);
    }

    public SceneSettings settings() {
        return settings;
    }

    /** Renders the next frame into the scene's reused image. */
    public SceneFrame next() {
        if (k >= segmentFrames) {
            x = positionAt(segmentFrames - 1);
            startSegment(action);
        }
        Choreography.pose(action, motion, k, segmentFrames - 1, settings.fps(), pose);
        skeleton.solve(pose);
        canvas.render(stage, skeleton, positionAt(k), facing, SceneRandom.mix(noiseSeed + frameIndex));
        SceneFrame frame = new SceneFrame(canvas.image(), frameIndex, action,
                (double) k / (segmentFrames - 1), skeleton.posture(pose), canvas.keypoints());
        k++;
        frameIndex++;
        return frame;
    }

    private double positionAt(int frame) {
        return segmentStartX + facing * speedPx * frame / settings.fps();
    }

    private void startSegment(Action previous) {
        Action next;
        if (previous == Action.FALLING_DOWN) {
            next = Action.GETTING_UP;
        } else if (previous == Action.SITTING_DOWN) {
            next = Action.STANDING_UP;
        } else {
            next = FROM_STANDING.get(random.nextInt(FROM_STANDING.size()));
        }
        Motion drawn = new Motion(random);
        int frames = Blocking.segmentFrames(next, random, settings.fps(), 2);
        // A reversed action replays its twin's trajectory, so it keeps the twin's motion parameters.
        if (!next.isReversed()) {
            motion = drawn;
        }
        speedPx = 0;
        double h = stage.appearance.heightPx;
        int width = settings.width();
        if (next == Action.WALKING_LEFT || next == Action.WALKING_RIGHT) {
            int dir = next == Action.WALKING_RIGHT ? 1 : -1;
            double roomRight = width - Blocking.WALK_REACH * h - 2 - x;
            double roomLeft = x - Blocking.WALK_REACH * h - 2;
            if ((dir > 0 ? roomRight : roomLeft) < 0.25 * (roomLeft + roomRight)) {
                dir = -dir;
                next = dir > 0 ? Action.WALKING_RIGHT : Action.WALKING_LEFT;
            }
            double room = Math.max(0, dir > 0 ? roomRight : roomLeft);
            double speed = motion.walkSpeed * h;
            int minFrames = Math.max(2, (int) Math.round(Blocking.WALK_MIN_S * settings.fps()));
            int fitting = (int) Math.floor(room * settings.fps() / speed) + 1;
            frames = Math.max(minFrames, Math.min(frames, fitting));
            speedPx = Math.min(speed, room * settings.fps() / (frames - 1));
            facing = dir;
        } else if (next == Action.FALLING_DOWN || next == Action.SITTING_DOWN) {
            if (!Blocking.fits(next, facing, x, h, width) && Blocking.fits(next, -facing, x, h, width)) {
                facing = -facing;
            }
        }
        action = next;
        segmentFrames = frames;
        segmentStartX = x;
        k = 0;
    }

    @Override
    public void close() {
        canvas.close();
    }
}
