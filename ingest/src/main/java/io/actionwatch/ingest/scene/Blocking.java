package io.actionwatch.ingest.scene;

/**
 * Where the figure may stand for an action so that it stays in the picture, and how long actions last. Reaches are
 * in standing heights from the hip, ahead of and behind the figure's facing direction.
 */
final class Blocking {

    /** Transitions (fall, sit and their reverses) last 1.5-3 s; the other actions 2-5 s, like a camera would see. */
    private static final double TRANSITION_MIN_S = 1.5;
    private static final double TRANSITION_MAX_S = 3.0;
    private static final double CYCLIC_MIN_S = 2.0;
    private static final double CYCLIC_MAX_S = 5.0;
    /** Shortest walking segment when room is tight. */
    static final double WALK_MIN_S = 1.2;
    static final double WALK_REACH = 0.3;

    private Blocking() {
    }

    /** Frames in a segment of this action, at least {@code minFrames}. */
    static int segmentFrames(Action action, SceneRandom random, double fps, int minFrames) {
        double seconds = action.isTransition()
                ? random.range(TRANSITION_MIN_S, TRANSITION_MAX_S)
                : random.range(CYCLIC_MIN_S, CYCLIC_MAX_S);
        return Math.max(minFrames, Math.max(2, (int) Math.round(seconds * fps)));
    }

    static double reachAhead(Action action) {
        switch (action.forwardTwin()) {
            case FALLING_DOWN:
                return 1.08;
            case SITTING_DOWN:
                return 0.42;
            default:
                return WALK_REACH;
        }
    }

    static double reachBehind(Action action) {
        switch (action.forwardTwin()) {
            case FALLING_DOWN:
                return 0.15;
            case SITTING_DOWN:
                return 0.25;
            default:
                return WALK_REACH;
        }
    }

    /** Lowest anchor column that keeps the figure in the picture (the centre if it cannot fit at all). */
    static double minX(Action action, int facing, double heightPx, int width) {
        double reach = facing > 0 ? reachBehind(action) : reachAhead(action);
        double lo = reach * heightPx + 2;
        double hi = maxXUnchecked(action, facing, heightPx, width);
        return lo <= hi ? lo : width / 2.0;
    }

    static double maxX(Action action, int facing, double heightPx, int width) {
        double lo = (facing > 0 ? reachBehind(action) : reachAhead(action)) * heightPx + 2;
        double hi = maxXUnchecked(action, facing, heightPx, width);
        return lo <= hi ? hi : width / 2.0;
    }

    private static double maxXUnchecked(Action action, int facing, double heightPx, int width) {
        double reach = facing > 0 ? reachAhead(action) : reachBehind(action);
        return width - reach * heightPx - 2;
    }

    /** Whether the figure at anchor {@code x} has room for this action facing this way. */
    static boolean fits(Action action, int facing, double x, double heightPx, int width) {
        return x >= minX(action, facing, heightPx, width) - 1e-9 && x <= maxX(action, facing, heightPx, width) + 1e-9;
    }
}
