package io.actionwatch.inference.person;

import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.schemas.SceneTruth;
import io.actionwatch.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A detected person's ground truth, where the frame carries one: synthetic cameras write each figure's action and
 * true box ({@link SceneTruth}); the detection takes the action of the figure whose box it overlaps most (IoU at
 * least {@value #MIN_IOU}). Frames of real cameras carry none, and their people get none.
 */
final class PersonTruth {

    private static final Logger log = LoggerFactory.getLogger(PersonTruth.class);
    /** Below this the detection is not clearly that figure (a neighbour, or a part of two). */
    static final float MIN_IOU = 0.3f;

    private PersonTruth() {
    }

    /** The action of the figure this detection is, or null. */
    static String labelOf(Map<String, String> metadata, PersonDetection detection) {
        String best = null;
        float bestIou = MIN_IOU;
        int people = SceneTruth.people(metadata);
        for (int i = 0; i < people; i++) {
            String value = metadata.get(SceneTruth.personBox(i));
            float[] box;
            try {
                box = SceneTruth.parseBox(value);
            } catch (IllegalArgumentException e) {
                // Truth is for measuring, never for processing: a frame with a broken one is still processed, just
                // not scored.
                // Value and reason (which quotes the value) come from the frame: excerpts only.
                log.debug("unreadable truth box ignored person={} value={} reason={}", i,
                        UntrustedText.excerpt(value), UntrustedText.excerpt(e.getMessage()));
                continue;
            }
            float iou = detection.iou(box);
            if (iou >= bestIou) {
                bestIou = iou;
                best = metadata.get(SceneTruth.personLabel(i));
            }
        }
        return best;
    }
}
