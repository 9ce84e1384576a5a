package io.actionwatch.ingest.scene;

/**
 * One person's ground truth in one frame.
 *
 * @param action the action the person is performing
 * @param phase progress through the action's segment, 0 at its first frame and 1 at its last
 * @param posture coarse body posture, learnable from this frame alone
 * @param keypoints the person's true COCO-17 keypoints, {@link SceneKeypoints}' layout; the renderer reuses the
 *     array, so it is valid until the next frame
 */
public record ScenePerson(Action action, double phase, Posture posture, float[] keypoints) {

    /**
     * The box around the person's keypoints, normalised to the frame: {@code {yMin, xMin, yMax, xMax}}, clipped to
     * 0..1 because a raised hand may leave the picture and no detector can see past its edge.
     */
    public float[] box() {
        float yMin = 1;
        float xMin = 1;
        float yMax = 0;
        float xMax = 0;
        for (int k = 0; k < SceneKeypoints.COUNT; k++) {
            float y = keypoints[k * SceneKeypoints.STRIDE];
            float x = keypoints[k * SceneKeypoints.STRIDE + 1];
            yMin = Math.min(yMin, y);
            xMin = Math.min(xMin, x);
            yMax = Math.max(yMax, y);
            xMax = Math.max(xMax, x);
        }
        return new float[] {clip(yMin), clip(xMin), clip(yMax), clip(xMax)};
    }

    private static float clip(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
