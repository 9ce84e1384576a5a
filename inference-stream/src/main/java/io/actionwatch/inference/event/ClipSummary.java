package io.actionwatch.inference.event;

/**
 * What an event says about its clip besides the model's verdict. First/last sequence are the clip's nominal range
 * (from the geometry), so they and the event id do not depend on which frames happened to be missing.
 *
 * @param groundTruth the label every present frame carries, or null when any lacks one or they disagree
 */
public record ClipSummary(String cameraId, long clipIndex, long firstSequence, long lastSequence, int frameCount,
                          int missingFrames, long startMillis, long endMillis, String groundTruth) {
}
