package io.actionwatch.inference.pose;

import java.util.List;

/**
 * The 17 COCO body keypoints in the order MoveNet (and COCO) report them, with the limbs that join them. The one
 * declaration of that order: the pose estimator's output, the tracker's keypoint similarity and the skeleton
 * rendering all index by it.
 */
public final class CocoKeypoints {

    public static final int NOSE = 0;
    public static final int LEFT_EYE = 1;
    public static final int RIGHT_EYE = 2;
    public static final int LEFT_EAR = 3;
    public static final int RIGHT_EAR = 4;
    public static final int LEFT_SHOULDER = 5;
    public static final int RIGHT_SHOULDER = 6;
    public static final int LEFT_ELBOW = 7;
    public static final int RIGHT_ELBOW = 8;
    public static final int LEFT_WRIST = 9;
    public static final int RIGHT_WRIST = 10;
    public static final int LEFT_HIP = 11;
    public static final int RIGHT_HIP = 12;
    public static final int LEFT_KNEE = 13;
    public static final int RIGHT_KNEE = 14;
    public static final int LEFT_ANKLE = 15;
    public static final int RIGHT_ANKLE = 16;
    public static final int COUNT = 17;

    public static final List<String> NAMES = List.of(
            "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
            "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
            "right_knee", "left_ankle", "right_ankle");

    /**
     * COCO's per-keypoint OKS constants (sigmas), from the COCO keypoint evaluation: how far a keypoint may
     * wander relative to the person's scale before two poses stop looking alike. Eyes are tight, hips loose.
     */
    private static final float[] OKS_SIGMAS = {
        0.026f, 0.025f, 0.025f, 0.035f, 0.035f, 0.079f, 0.079f, 0.072f, 0.072f, 0.062f, 0.062f,
        0.107f, 0.107f, 0.087f, 0.087f, 0.089f, 0.089f};

    /** Which side of the body a limb belongs to: the skeleton rendering draws each side in its own channel. */
    public enum Side { LEFT, RIGHT, AXIAL }

    /** A limb: the two keypoints it joins and its side. */
    public record Limb(int from, int to, Side side) {
    }

    /**
     * COCO's 19-limb skeleton (the data set's {@code skeleton} list, 0-based here); arms and legs belong to their
     * side, the torso and head are axial. The Python twin is {@code actionwatch_model.skeleton.LIMBS}.
     */
    public static final List<Limb> LIMBS = List.of(
            new Limb(LEFT_ANKLE, LEFT_KNEE, Side.LEFT), new Limb(LEFT_KNEE, LEFT_HIP, Side.LEFT),
            new Limb(RIGHT_ANKLE, RIGHT_KNEE, Side.RIGHT), new Limb(RIGHT_KNEE, RIGHT_HIP, Side.RIGHT),
            new Limb(LEFT_HIP, RIGHT_HIP, Side.AXIAL), new Limb(LEFT_SHOULDER, LEFT_HIP, Side.AXIAL),
            new Limb(RIGHT_SHOULDER, RIGHT_HIP, Side.AXIAL), new Limb(LEFT_SHOULDER, RIGHT_SHOULDER, Side.AXIAL),
            new Limb(LEFT_SHOULDER, LEFT_ELBOW, Side.LEFT), new Limb(RIGHT_SHOULDER, RIGHT_ELBOW, Side.RIGHT),
            new Limb(LEFT_ELBOW, LEFT_WRIST, Side.LEFT), new Limb(RIGHT_ELBOW, RIGHT_WRIST, Side.RIGHT),
            new Limb(LEFT_EYE, RIGHT_EYE, Side.AXIAL), new Limb(NOSE, LEFT_EYE, Side.AXIAL),
            new Limb(NOSE, RIGHT_EYE, Side.AXIAL), new Limb(LEFT_EYE, LEFT_EAR, Side.AXIAL),
            new Limb(RIGHT_EYE, RIGHT_EAR, Side.AXIAL), new Limb(LEFT_EAR, LEFT_SHOULDER, Side.AXIAL),
            new Limb(RIGHT_EAR, RIGHT_SHOULDER, Side.AXIAL));

    private CocoKeypoints() {
    }

    public static float oksSigma(int keypoint) {
        return OKS_SIGMAS[keypoint];
    }
}
