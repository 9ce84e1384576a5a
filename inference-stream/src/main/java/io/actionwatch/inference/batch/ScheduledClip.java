package io.actionwatch.inference.batch;

import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.frame.CachedFrame;
import io.actionwatch.inference.state.ClipStream;

/**
 * An entry of the {@link ClipQueue}: either a clip ready for the model (its T frames, gaps already filled with the
 * nearest present neighbour) or a run of skipped clips that must resolve in order behind earlier entries of the
 * same stream.
 */
public final class ScheduledClip implements BatchItem {

    private final ClipStream stream;
    private final long clipIndex;
    private final CachedFrame[] frames;
    private final ClipSummary summary;
    private final long resumeAt;

    private ScheduledClip(ClipStream stream, long clipIndex, CachedFrame[] frames, ClipSummary summary,
                          long resumeAt) {
        this.stream = stream;
        this.clipIndex = clipIndex;
        this.frames = frames;
        this.summary = summary;
        this.resumeAt = resumeAt;
    }

    public static ScheduledClip ready(ClipStream stream, CachedFrame[] frames, ClipSummary summary) {
        return new ScheduledClip(stream, summary.clipIndex(), frames, summary, summary.clipIndex() + 1);
    }

    /** Clips {@code [from, resumeAt)} skipped. */
    public static ScheduledClip skipped(ClipStream stream, long from, long resumeAt) {
        return new ScheduledClip(stream, from, null, null, resumeAt);
    }

    @Override
    public boolean needsInference() {
        return frames != null;
    }

    @Override
    public float[] frame(int t) {
        return frames[t].pixels();
    }

    public ClipStream stream() {
        return stream;
    }

    public long clipIndex() {
        return clipIndex;
    }

    /** The clip the stream's cursor moves to once this entry is resolved. */
    public long resumeAt() {
        return resumeAt;
    }

    public long skippedCount() {
        return resumeAt - clipIndex;
    }

    /** The ready clip's summary; null for skipped clips. */
    public ClipSummary summary() {
        return summary;
    }
}
