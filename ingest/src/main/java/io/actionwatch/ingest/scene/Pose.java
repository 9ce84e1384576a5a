package io.actionwatch.ingest.scene;

import java.util.Arrays;

/**
 * Joint angles (radians) and offsets (units of the figure's standing height) of the articulated figure, seen in
 * profile facing forward. Angles of limbs are relative to the torso; 0 means hanging along the body, positive
 * means rotated forward (up, for arms raised overhead). A mutable value reused frame after frame.
 */
final class Pose {

    /** Horizontal hip offset, forward positive. */
    static final int DX = 0;
    /** Height of the whole figure above its resting contact with the floor (jumps). */
    static final int LIFT = 1;
    /** Torso lean, forward positive; pi/2 is lying face down. */
    static final int TORSO = 2;
    /** Head tilt relative to the torso. */
    static final int NECK = 3;
    static final int HIP_FRONT = 4;
    /** Knee flexion, positive bends the shin backwards. */
    static final int KNEE_FRONT = 5;
    static final int HIP_BACK = 6;
    static final int KNEE_BACK = 7;
    static final int SHOULDER_FRONT = 8;
    /** Elbow flexion, positive bends the forearm forwards. */
    static final int ELBOW_FRONT = 9;
    static final int SHOULDER_BACK = 10;
    static final int ELBOW_BACK = 11;
    static final int SIZE = 12;

    final double[] v = new double[SIZE];

    /** The relaxed standing pose. */
    static double[] standing() {
        double[] p = new double[SIZE];
        p[KNEE_FRONT] = 0.04;
        p[KNEE_BACK] = 0.04;
        p[SHOULDER_FRONT] = 0.08;
        p[ELBOW_FRONT] = 0.15;
        p[SHOULDER_BACK] = -0.05;
        p[ELBOW_BACK] = 0.15;
        return p;
    }

    void set(double[] values) {
        System.arraycopy(values, 0, v, 0, SIZE);
    }

    /** Linear interpolation between two keyframes, t in [0, 1]. */
    void lerp(double[] a, double[] b, double t) {
        for (int i = 0; i < SIZE; i++) {
            v[i] = a[i] + (b[i] - a[i]) * t;
        }
    }

    double get(int joint) {
        return v[joint];
    }

    @Override
    public String toString() {
        return Arrays.toString(v);
    }
}
