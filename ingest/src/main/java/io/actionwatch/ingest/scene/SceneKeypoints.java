package io.actionwatch.ingest.scene;

import java.util.List;

/**
 * The figure's true COCO-17 keypoints, as a perfect pose estimator would report them: {@code (y, x)} per keypoint in
 * COCO order, normalised 0..1 to the frame from its top-left corner (inference-stream's {@code PersonDetection}
 * layout without the score). Computed from the joints {@link FigurePainter#place placed} for painting, so they lie on
 * the painted figure.
 *
 * <p>The side-view figure has 14 joints; COCO has 17. The head joint (the centre of the head disc) gives the nose,
 * eyes and ears by small offsets towards the face and up the head's axis; the shoulder joint gives both shoulders
 * and the hip both hips (a side view puts each pair on one spot). The painted front limbs are the ones nearer the
 * camera: a person facing right (+x) turns their right side to the camera, so front = right when facing right and
 * front = left when facing left, as a real estimator would label them.
 *
 * <p>COCO's order is declared in inference-stream's {@code CocoKeypoints}, which this module cannot depend on (it
 * depends on this one for tests); {@link #NAMES} repeats it and inference-stream's {@code SceneSkeletonTest}
 * checks the two agree.
 */
public final class SceneKeypoints {

    /** COCO keypoint names in COCO order: the column stems of the data set's keypoints.csv. */
    public static final List<String> NAMES = List.of(
            "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
            "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
            "right_knee", "left_ankle", "right_ankle");
    public static final int COUNT = NAMES.size();
    /** Floats per keypoint in a keypoint array: y, x. */
    public static final int STRIDE = 2;

    private enum Side { CENTRE, LEFT, RIGHT }

    /**
     * Where a COCO keypoint comes from: the joint on the figure's front (near) and back (far) side, and, for the
     * face, an offset in head radii towards the face and up the head's axis.
     */
    private record Source(Side side, int front, int back, double face, double up) {
        static Source joint(int joint) {
            return new Source(Side.CENTRE, joint, joint, 0, 0);
        }

        static Source head(double face, double up) {
            return new Source(Side.CENTRE, Skeleton.HEAD, Skeleton.HEAD, face, up);
        }

        static Source limb(Side side, int front, int back) {
            return new Source(side, front, back, 0, 0);
        }
    }

    // Face offsets: the nose at the front of the head disc, a little below its centre; the eyes above the nose;
    // the ears just behind the centre (the disc's centre is the skull's, the ears sit at its side).
    private static final double NOSE_FACE = 0.85;
    private static final double NOSE_UP = -0.1;
    private static final double EYE_FACE = 0.55;
    private static final double EYE_UP = 0.25;
    private static final double EAR_FACE = -0.1;
    private static final double EAR_UP = 0.05;

    /** One source per COCO keypoint, in COCO order. */
    private static final Source[] SOURCES = {
        Source.head(NOSE_FACE, NOSE_UP),
        Source.head(EYE_FACE, EYE_UP), Source.head(EYE_FACE, EYE_UP),
        Source.head(EAR_FACE, EAR_UP), Source.head(EAR_FACE, EAR_UP),
        Source.joint(Skeleton.SHOULDER), Source.joint(Skeleton.SHOULDER),
        Source.limb(Side.LEFT, Skeleton.ELBOW_FRONT, Skeleton.ELBOW_BACK),
        Source.limb(Side.RIGHT, Skeleton.ELBOW_FRONT, Skeleton.ELBOW_BACK),
        Source.limb(Side.LEFT, Skeleton.HAND_FRONT, Skeleton.HAND_BACK),
        Source.limb(Side.RIGHT, Skeleton.HAND_FRONT, Skeleton.HAND_BACK),
        Source.joint(Skeleton.HIP), Source.joint(Skeleton.HIP),
        Source.limb(Side.LEFT, Skeleton.KNEE_FRONT, Skeleton.KNEE_BACK),
        Source.limb(Side.RIGHT, Skeleton.KNEE_FRONT, Skeleton.KNEE_BACK),
        Source.limb(Side.LEFT, Skeleton.ANKLE_FRONT, Skeleton.ANKLE_BACK),
        Source.limb(Side.RIGHT, Skeleton.ANKLE_FRONT, Skeleton.ANKLE_BACK)};

    private SceneKeypoints() {
    }

    /** A fresh keypoint array, {@link #COUNT} x {@link #STRIDE}. */
    static float[] newArray() {
        return new float[COUNT * STRIDE];
    }

    /** Fills {@code out} with the keypoints of the figure {@code placed} last placed in a width x height frame. */
    static void fill(FigurePainter placed, int facing, int width, int height, float[] out) {
        Side near = facing > 0 ? Side.RIGHT : Side.LEFT;
        for (int k = 0; k < COUNT; k++) {
            Source s = SOURCES[k];
            int joint = s.side == Side.CENTRE || s.side == near ? s.front : s.back;
            double r = placed.headRadius;
            double x = placed.x(joint) + (s.face * placed.faceX + s.up * placed.upX) * r;
            double y = placed.y(joint) + (s.face * placed.faceY + s.up * placed.upY) * r;
            out[k * STRIDE] = (float) (y / height);
            out[k * STRIDE + 1] = (float) (x / width);
        }
    }
}
