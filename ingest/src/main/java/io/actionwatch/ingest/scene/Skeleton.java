package io.actionwatch.ingest.scene;

/**
 * Forward kinematics of the figure: joint positions from a {@link Pose}, in units of the standing height, x forward
 * and y up with the hip at the origin; plus where the floor is (the lowest body part rests on it) and the coarse
 * {@link Posture}. Reused frame after frame.
 */
final class Skeleton {

    static final double THIGH = 0.245;
    static final double SHIN = 0.245;
    static final double FOOT = 0.07;
    static final double TORSO = 0.30;
    static final double NECK = 0.05;
    static final double HEAD_RADIUS = 0.075;
    static final double SHOULDER_DROP = 0.04;
    static final double UPPER_ARM = 0.16;
    static final double FOREARM = 0.15;

    static final int HIP = 0;
    static final int NECK_BASE = 1;
    static final int SHOULDER = 2;
    static final int HEAD = 3;
    static final int KNEE_FRONT = 4;
    static final int ANKLE_FRONT = 5;
    static final int TOE_FRONT = 6;
    static final int KNEE_BACK = 7;
    static final int ANKLE_BACK = 8;
    static final int TOE_BACK = 9;
    static final int ELBOW_FRONT = 10;
    static final int HAND_FRONT = 11;
    static final int ELBOW_BACK = 12;
    static final int HAND_BACK = 13;
    static final int JOINTS = 14;

    /** Half-thickness of the body at each joint, used to rest the lowest part on the floor. */
    private static final double[] RADIUS = {
        0.055, 0.05, 0.05, HEAD_RADIUS, 0.03, 0.015, 0.012, 0.03, 0.015, 0.012, 0.025, 0.02, 0.025, 0.02};

    final double[] x = new double[JOINTS];
    final double[] y = new double[JOINTS];
    /** y of the floor in body coordinates (without lift): minus the height of the hip above the floor. */
    double floor;
    double lift;
    double dx;

    void solve(Pose pose) {
        double[] p = pose.v;
        double torso = p[Pose.TORSO];
        double upX = StrictMath.sin(torso);
        double upY = StrictMath.cos(torso);
        x[HIP] = 0;
        y[HIP] = 0;
        x[NECK_BASE] = TORSO * upX;
        y[NECK_BASE] = TORSO * upY;
        x[SHOULDER] = (TORSO - SHOULDER_DROP) * upX;
        y[SHOULDER] = (TORSO - SHOULDER_DROP) * upY;
        double headAngle = torso + p[Pose.NECK];
        x[HEAD] = x[NECK_BASE] + (NECK + HEAD_RADIUS) * StrictMath.sin(headAngle);
        y[HEAD] = y[NECK_BASE] + (NECK + HEAD_RADIUS) * StrictMath.cos(headAngle);
        leg(p[Pose.HIP_FRONT] - torso, p[Pose.KNEE_FRONT], KNEE_FRONT);
        leg(p[Pose.HIP_BACK] - torso, p[Pose.KNEE_BACK], KNEE_BACK);
        arm(p[Pose.SHOULDER_FRONT] - torso, p[Pose.ELBOW_FRONT], ELBOW_FRONT);
        arm(p[Pose.SHOULDER_BACK] - torso, p[Pose.ELBOW_BACK], ELBOW_BACK);
        double lowest = Double.MAX_VALUE;
        for (int j = 0; j < JOINTS; j++) {
            lowest = Math.min(lowest, y[j] - RADIUS[j]);
        }
        floor = lowest;
        lift = p[Pose.LIFT];
        dx = p[Pose.DX];
    }

    /** Limb directions are angles from straight down, positive towards forward. */
    private void leg(double thigh, double knee, int kneeIndex) {
        x[kneeIndex] = THIGH * StrictMath.sin(thigh);
        y[kneeIndex] = -THIGH * StrictMath.cos(thigh);
        double shin = thigh - knee;
        x[kneeIndex + 1] = x[kneeIndex] + SHIN * StrictMath.sin(shin);
        y[kneeIndex + 1] = y[kneeIndex] - SHIN * StrictMath.cos(shin);
        // The foot points forward, perpendicular to the shin.
        x[kneeIndex + 2] = x[kneeIndex + 1] + FOOT * StrictMath.cos(shin);
        y[kneeIndex + 2] = y[kneeIndex + 1] + FOOT * StrictMath.sin(shin);
    }

    private void arm(double upper, double elbow, int elbowIndex) {
        x[elbowIndex] = x[SHOULDER] + UPPER_ARM * StrictMath.sin(upper);
        y[elbowIndex] = y[SHOULDER] - UPPER_ARM * StrictMath.cos(upper);
        double fore = upper + elbow;
        x[elbowIndex + 1] = x[elbowIndex] + FOREARM * StrictMath.sin(fore);
        y[elbowIndex + 1] = y[elbowIndex] - FOREARM * StrictMath.cos(fore);
    }

    /** Height of the hip above the floor, in standing heights, ignoring lift. */
    double hipHeight() {
        return -floor;
    }

    Posture posture(Pose pose) {
        double torso = Math.abs(pose.v[Pose.TORSO]);
        if (lift > 0.035) {
            return Posture.AIRBORNE;
        }
        if (torso > 1.05) {
            return Posture.LYING;
        }
        if (hipHeight() < 0.38) {
            return Posture.CROUCHED;
        }
        if (torso > 0.3) {
            return Posture.LEANING;
        }
        if (Math.max(y[HAND_FRONT], y[HAND_BACK]) > y[SHOULDER] + 0.05) {
            return Posture.ARM_RAISED;
        }
        if (Math.abs(pose.v[Pose.HIP_FRONT] - pose.v[Pose.HIP_BACK]) > 0.38) {
            return Posture.WALKING;
        }
        return Posture.UPRIGHT;
    }
}
