package io.actionwatch.inference.window;

import io.actionwatch.inference.model.ClipGeometry;
import io.actionwatch.inference.schedule.StreamStart;

import java.time.Duration;
import java.util.Objects;

/**
 * How clips are cut and batched (from the model card and inference configuration).
 *
 * @param reorderGraceFrames how many sequence numbers past a clip's end to wait for its missing frames
 * @param maxMissingShare    largest share of a clip's frames that may be missing (filled) for it to be emitted
 * @param cameraIdleTimeout  a camera silent for longer loses its buffered state
 * @param restartGapFrames   for frames of epoch 0 only (producers that predate epochs): a frame this many sequence
 *                           numbers behind the camera's highest means the camera restarted its numbering: its state
 *                           is dropped and it starts afresh (with epochs, the epoch decides)
 * @param batchMaxClips      clips per model call at most; 0 = as many as the classifier takes
 * @param batchMaxWait       longest a ready clip waits for its batch to fill
 * @param streamStart        where a camera's first clip is (live reaches back; a bounded replay starts at whole clips)
 */
public record ClipAssemblySettings(ClipGeometry geometry, long reorderGraceFrames, double maxMissingShare,
                                   Duration cameraIdleTimeout, long restartGapFrames, int batchMaxClips,
                                   Duration batchMaxWait, StreamStart streamStart) {

    public ClipAssemblySettings {
        Objects.requireNonNull(streamStart, "streamStart");
        if (reorderGraceFrames < 0) {
            throw new IllegalArgumentException("reorderGraceFrames must be >= 0, was " + reorderGraceFrames);
        }
        if (maxMissingShare < 0 || maxMissingShare > 1) {
            throw new IllegalArgumentException("maxMissingShare must be in [0, 1], was " + maxMissingShare);
        }
        long clipSpan = (long) (geometry.frames() - 1) * geometry.frameStep() + 1;
        if (restartGapFrames <= reorderGraceFrames + clipSpan) {
            throw new IllegalArgumentException("restartGapFrames (" + restartGapFrames + ") must exceed the reorder "
                    + "grace plus one clip (" + (reorderGraceFrames + clipSpan) + ") or ordinary late frames would "
                    + "look like camera restarts");
        }
        if (batchMaxClips < 0) {
            throw new IllegalArgumentException("batchMaxClips must be >= 0, was " + batchMaxClips);
        }
    }

    /** These settings with another stream start. */
    public ClipAssemblySettings withStreamStart(StreamStart start) {
        return new ClipAssemblySettings(geometry, reorderGraceFrames, maxMissingShare, cameraIdleTimeout,
                restartGapFrames, batchMaxClips, batchMaxWait, start);
    }

    /** Frames of a clip that may be missing; a small epsilon so 0.25 of 8 is exactly 2. */
    public int maxMissingFrames() {
        return (int) Math.floor(maxMissingShare * geometry.frames() + 1e-9);
    }
}
