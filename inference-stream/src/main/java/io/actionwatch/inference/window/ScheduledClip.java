package io.actionwatch.inference.window;

import io.actionwatch.inference.batch.BatchItem;
import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.frame.CachedFrame;

/**
 * A batcher entry of the clip assembler: either a clip ready for the model (its T frames, gaps already filled with
 * the nearest present neighbour) or a run of skipped clips that must resolve in order behind earlier entries of the
 * same camera.
 */
final class ScheduledClip implements BatchItem {

    private final String cameraId;
    private final long clipIndex;
    private final CachedFrame[] frames;
    private final ClipSummary summary;
    private final long resumeAt;

    private ScheduledClip(String cameraId, long clipIndex, CachedFrame[] frames, ClipSummary summary, long resumeAt) {
        this.cameraId = cameraId;
        this.clipIndex = clipIndex;
        this.frames = frames;
        this.summary = summary;
        this.resumeAt = resumeAt;
    }

    static ScheduledClip ready(CachedFrame[] frames, ClipSummary summary) {
        return new ScheduledClip(summary.cameraId(), summary.clipIndex(), frames, summary, summary.clipIndex() + 1);
    }

    /** Clips {@code [from, resumeAt)} skipped. */
    static ScheduledClip skipped(String cameraId, long from, long resumeAt) {
        return new ScheduledClip(cameraId, from, null, null, resumeAt);
    }

    @Override
    public boolean needsInference() {
        return frames != null;
    }

    @Override
    public float[] frame(int t) {
        return frames[t].pixels();
    }

    String cameraId() {
        return cameraId;
    }

    long clipIndex() {
        return clipIndex;
    }

    long resumeAt() {
        return resumeAt;
    }

    long skippedCount() {
        return resumeAt - clipIndex;
    }

    ClipSummary summary() {
        return summary;
    }
}
