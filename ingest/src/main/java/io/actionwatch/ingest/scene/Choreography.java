package io.actionwatch.ingest.scene;

/**
 * Poses of each action over time. A frame is addressed by its index {@code k} in the action's segment of
 * {@code last + 1} frames: transitions depend only on phase {@code k / last}; cyclic actions (walking, waving,
 * jumping, standing) on time {@code k / fps}, with their limb amplitude ramped in and out over a quarter second
 * at the segment's ends so that every action starts and ends in the standing pose (continuity across segments).
 * The reversed actions evaluate their twin at the mirrored integer index {@code last - k}: the exact same
 * arithmetic, so a reversed clip reproduces its twin's poses bit for bit.
 */
final class Choreography {

    /** Seconds over which cyclic actions ramp their amplitude in and out. */
    private static final double RAMP_SECONDS = 0.25;

    private Choreography() {
    }

    static void pose(Action action, Motion motion, int k, int last, double fps, Pose out) {
        if (last <= 0) {
            throw new IllegalArgumentException("an action segment needs at least two frames");
        }
        switch (action) {
            case FALLING_DOWN:
                motion.fall.poseAt((double) k / last, out);
                return;
            case GETTING_UP:
                motion.fall.poseAt((double) (last - k) / last, out);
                return;
            case SITTING_DOWN:
                motion.sit.poseAt((double) k / last, out);
                return;
            case STANDING_UP:
                motion.sit.poseAt((double) (last - k) / last, out);
                return;
            default:
                break;
        }
        double t = k / fps;
        double envelope = Math.min(1.0, Math.min(t, last / fps - t) / RAMP_SECONDS);
        out.set(STANDING);
        switch (action) {
            case WALKING_LEFT:
            case WALKING_RIGHT:
                walk(motion, t, envelope, out.v);
                break;
            case WAVING:
                wave(motion, t, envelope, out.v);
                break;
            case JUMPING:
                jump(motion, t, envelope, out.v);
                break;
            case STANDING_STILL:
                sway(motion, t, 1.0, out.v);
                break;
            default:
                throw new IllegalStateException("no choreography for " + action);
        }
    }

    private static final double[] STANDING = Pose.standing();

    private static void walk(Motion m, double t, double e, double[] p) {
        double phi = m.strideStart + 2 * Math.PI * m.strideFrequency * t;
        double s = StrictMath.sin(phi);
        double c = StrictMath.cos(phi);
        double a = m.strideAmplitude * e;
        p[Pose.TORSO] = 0.06 * e;
        p[Pose.HIP_FRONT] = a * s;
        p[Pose.HIP_BACK] = -a * s;
        // The swinging leg (moving forward) bends its knee to clear the floor.
        p[Pose.KNEE_FRONT] = 0.05 + 0.9 * e * Math.max(0, c);
        p[Pose.KNEE_BACK] = 0.05 + 0.9 * e * Math.max(0, -c);
        p[Pose.SHOULDER_FRONT] = 0.05 - 0.8 * a * s;
        p[Pose.SHOULDER_BACK] = 0.05 + 0.8 * a * s;
        p[Pose.ELBOW_FRONT] = 0.3;
        p[Pose.ELBOW_BACK] = 0.3;
    }

    private static void wave(Motion m, double t, double e, double[] p) {
        sway(m, t, 0.5, p);
        int shoulder = m.waveFrontArm ? Pose.SHOULDER_FRONT : Pose.SHOULDER_BACK;
        int elbow = m.waveFrontArm ? Pose.ELBOW_FRONT : Pose.ELBOW_BACK;
        p[shoulder] += (m.waveShoulder - p[shoulder]) * e;
        p[elbow] = 0.25 + m.waveAmplitude * e * StrictMath.sin(2 * Math.PI * m.waveFrequency * t);
    }

    private static void jump(Motion m, double t, double e, double[] p) {
        double u = t / m.jumpPeriod;
        u -= Math.floor(u);
        double crouch;
        double air;
        if (u < 0.25) {
            crouch = StrictMath.sin(Math.PI * u / 0.25);
            air = 0;
        } else if (u < 0.75) {
            crouch = 0;
            air = StrictMath.sin(Math.PI * (u - 0.25) / 0.5);
        } else {
            crouch = 0.8 * StrictMath.sin(Math.PI * (u - 0.75) / 0.25);
            air = 0;
        }
        crouch *= e;
        air *= e;
        double s = (u - 0.25) / 0.5;
        p[Pose.LIFT] = u >= 0.25 && u < 0.75 ? m.jumpHeight * e * 4 * s * (1 - s) : 0;
        p[Pose.TORSO] = 0.4 * crouch;
        p[Pose.HIP_FRONT] = 0.95 * crouch + 0.25 * air;
        p[Pose.HIP_BACK] = 0.95 * crouch + 0.15 * air;
        p[Pose.KNEE_FRONT] = 0.04 + 1.5 * crouch + 0.45 * air;
        p[Pose.KNEE_BACK] = 0.04 + 1.5 * crouch + 0.35 * air;
        double arms = -0.6 * crouch + 2.3 * air;
        p[Pose.SHOULDER_FRONT] = 0.08 + arms;
        p[Pose.SHOULDER_BACK] = -0.05 + arms;
    }

    private static void sway(Motion m, double t, double scale, double[] p) {
        double s = StrictMath.sin(2 * Math.PI * m.swayFrequency * t + m.swayPhase);
        p[Pose.TORSO] = m.swayAmplitude * scale * s;
        p[Pose.NECK] = -0.5 * m.swayAmplitude * scale * s;
        p[Pose.HIP_FRONT] = 0.03 * scale * s;
        p[Pose.HIP_BACK] = -0.02 * scale * s;
        p[Pose.SHOULDER_FRONT] += 0.04 * scale * s;
        p[Pose.SHOULDER_BACK] -= 0.04 * scale * s;
    }
}
