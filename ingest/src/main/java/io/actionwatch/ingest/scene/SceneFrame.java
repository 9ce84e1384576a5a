package io.actionwatch.ingest.scene;

import java.awt.image.BufferedImage;

/**
 * One rendered frame and its ground truth.
 *
 * @param image the frame (TYPE_3BYTE_BGR); the renderer reuses this buffer, so it is valid until the next frame
 * @param index frame number since the scene (or clip) started
 * @param action the action being performed
 * @param phase progress through the action's segment, 0 at its first frame and 1 at its last
 * @param posture coarse body posture, learnable from this frame alone
 * @param keypoints the figure's true COCO-17 keypoints, {@link SceneKeypoints}' layout; reused like {@code image}
 */
public record SceneFrame(BufferedImage image, long index, Action action, double phase, Posture posture,
                         float[] keypoints) {
}
