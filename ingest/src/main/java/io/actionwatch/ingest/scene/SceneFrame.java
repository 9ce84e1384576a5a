package io.actionwatch.ingest.scene;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One rendered frame and its ground truth: what each person in it is doing.
 *
 * @param image the frame (TYPE_3BYTE_BGR); the renderer reuses this buffer, so it is valid until the next frame
 * @param index frame number since the scene (or clip) started
 * @param people everyone in the frame, in the scene's person order (not drawing order); one in clips and in
 *     one-person scenes
 */
public record SceneFrame(BufferedImage image, long index, List<ScenePerson> people) {

    /** A frame of one person (clips, and tests that keep a frame's truth). */
    public SceneFrame(BufferedImage image, long index, Action action, double phase, Posture posture,
                      float[] keypoints) {
        this(image, index, List.of(new ScenePerson(action, phase, posture, keypoints)));
    }

    /** The one person's action. */
    public Action action() {
        return only().action();
    }

    /** The one person's progress through their action's segment, 0 at its first frame and 1 at its last. */
    public double phase() {
        return only().phase();
    }

    /** The one person's coarse body posture. */
    public Posture posture() {
        return only().posture();
    }

    /** The one person's true COCO-17 keypoints ({@link ScenePerson#keypoints()}). */
    public float[] keypoints() {
        return only().keypoints();
    }

    /**
     * The frame's only person. With several, no single action, posture or figure is the frame's, so asking for one
     * is a mistake rather than something to answer with an arbitrary person's.
     */
    private ScenePerson only() {
        if (people.size() != 1) {
            throw new IllegalStateException("a frame of " + people.size() + " people has no single person's truth; "
                    + "use people()");
        }
        return people.get(0);
    }
}
