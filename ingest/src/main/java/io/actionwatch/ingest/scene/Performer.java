package io.actionwatch.ingest.scene;

import java.util.List;

/**
 * One person of a {@link SyntheticScene}: their endless random sequence of actions, each for a segment of 1.5-5 s,
 * and where they stand. Each person has their own random stream, so people in one room do different things at the
 * same time.
 *
 * <p>Continuity: the body state carries over between segments. From standing the person may walk (left or right,
 * turning to face the way they walk and staying in the picture), wave, jump, stand still, fall down or sit down;
 * after falling down they always get up, after sitting down they always stand up, each the exact reverse of the
 * preceding segment's trajectory. Cyclic actions ramp in and out of the standing pose, so poses are continuous
 * across segment boundaries; position carries over (walking moves the person). Only the facing direction may
 * change at a boundary (the person turns around), when a walk or fall needs room on the other side.
 */
final class Performer {

    private static final long SEGMENTS = 6;
    private static final List<Action> FROM_STANDING = List.of(Action.WALKING_LEFT, Action.WALKING_RIGHT, Action.WAVING,
            Action.FALLING_DOWN, Action.SITTING_DOWN, Action.JUMPING, Action.STANDING_STILL);

    final Appearance appearance;
    final Skeleton skeleton = new Skeleton();
    /** Where the canvas writes this person's keypoints each frame. */
    final float[] keypoints = SceneKeypoints.newArray();
    private final double fps;
    private final int width;
    private final SceneRandom random;
    private final Pose pose = new Pose();

    private double x;
    private int facing;
    private Action action;
    private Motion motion;
    private int segmentFrames;
    private int k;
    private double segmentStartX;
    private double speedPx;

    /** Person {@code person} (0-based) of the scene's {@link SceneSettings#people()}. */
    Performer(SceneSettings settings, Appearance appearance, int person) {
        this.appearance = appearance;
        this.fps = settings.fps();
        this.width = settings.width();
        this.random = SceneRandom.stream(settings.seed(), SEGMENTS, person);
        double h = appearance.heightPx;
        facing = random.sign();
        double lo = Blocking.minX(Action.STANDING_STILL, facing, h, width);
        double hi = Blocking.maxX(Action.STANDING_STILL, facing, h, width);
        // Each person starts in their own stretch of the floor, so that people start spread across the width and
        // walkers cross the others. One person's stretch is the whole floor (this is then exactly range(lo, hi)).
        x = lo + (hi - lo) * (person + random.nextDouble()) / settings.people();
        startSegment(null);
    }

    /** Poses the person for the coming frame, starting their next action when the current one is over. */
    void pose() {
        if (k >= segmentFrames) {
            x = positionAt(segmentFrames - 1);
            startSegment(action);
        }
        Choreography.pose(action, motion, k, segmentFrames - 1, fps, pose);
        skeleton.solve(pose);
    }

    /** Image column of the person's hip in the coming frame. */
    double anchorX() {
        return positionAt(k);
    }

    int facing() {
        return facing;
    }

    /** The person's truth in the frame just drawn; then moves them on to the next frame. */
    ScenePerson finish() {
        ScenePerson truth = new ScenePerson(action, (double) k / (segmentFrames - 1), skeleton.posture(pose),
                keypoints);
        k++;
        return truth;
    }

    private double positionAt(int frame) {
        return segmentStartX + facing * speedPx * frame / fps;
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
        int frames = Blocking.segmentFrames(next, random, fps, 2);
        // A reversed action replays its twin's trajectory, so it keeps the twin's motion parameters.
        if (!next.isReversed()) {
            motion = drawn;
        }
        speedPx = 0;
        double h = appearance.heightPx;
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
            int minFrames = Math.max(2, (int) Math.round(Blocking.WALK_MIN_S * fps));
            int fitting = (int) Math.floor(room * fps / speed) + 1;
            frames = Math.max(minFrames, Math.min(frames, fitting));
            speedPx = Math.min(speed, room * fps / (frames - 1));
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
}
