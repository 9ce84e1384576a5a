package io.actionwatch.inference.person;

import io.actionwatch.inference.frame.ClipSlot;
import io.actionwatch.inference.pose.PersonDetection;

/** One tracked person in one sampled frame: what the estimator saw of them, when, and the frame's label if any. */
public record PersonFrame(long sequence, long captureMillis, String label, PersonDetection detection)
        implements ClipSlot {
}
