package io.actionwatch.inference.schedule;

import io.actionwatch.inference.model.ClipGeometry;

import java.util.NavigableSet;
import java.util.Objects;

/**
 * When the clips of a clip stream are decided. A clip stream is a run of frames numbered by their camera's sequence
 * and cut into clips by the geometry; whose it is (a camera today, a person tracked within a camera next) is its key's
 * business. These rules read nothing but sequence numbers and the camera's epoch, so every kind of stream shares
 * them, the rule that says when a camera restarted included ({@link #runChange}).
 *
 * <p>Clips are decided strictly in order, so a stream's progress is a single cursor and its events leave in clip order.
 * A clip waits while its frames may still be on their way: until all of them are stored, or until a frame beyond its
 * end plus the reorder grace has been seen. It is then ready when few enough frames are missing to fill them from
 * their neighbours, and skipped otherwise. Stateless: the caller holds the stream's cursor and its stored frames.
 */
public final class ClipScheduler {

    private final ClipGeometry geometry;
    private final long reorderGraceFrames;
    private final int maxMissingFrames;
    private final long restartGapFrames;
    private final StreamStart streamStart;

    /** A scheduler for live streams: a new stream reaches back by the grace ({@link StreamStart#REACH_BACK_BY_GRACE}). */
    public ClipScheduler(ClipGeometry geometry, long reorderGraceFrames, int maxMissingFrames, long restartGapFrames) {
        this(geometry, reorderGraceFrames, maxMissingFrames, restartGapFrames, StreamStart.REACH_BACK_BY_GRACE);
    }

    /**
     * @param reorderGraceFrames how many sequence numbers past a clip's end to wait for its missing frames
     * @param maxMissingFrames   most frames a clip may lack and still be emitted
     * @param restartGapFrames   for frames of epoch 0 only (producers that predate epochs): how far behind the
     *                           highest sequence a frame must be to mean a restarted numbering
     * @param streamStart        where a new stream's first clip is
     */
    public ClipScheduler(ClipGeometry geometry, long reorderGraceFrames, int maxMissingFrames, long restartGapFrames,
                         StreamStart streamStart) {
        this.geometry = geometry;
        this.reorderGraceFrames = reorderGraceFrames;
        this.maxMissingFrames = maxMissingFrames;
        this.restartGapFrames = restartGapFrames;
        this.streamStart = Objects.requireNonNull(streamStart, "streamStart");
    }

    public ClipGeometry geometry() {
        return geometry;
    }

    public int maxMissingFrames() {
        return maxMissingFrames;
    }

    /**
     * The clip a new stream starts at. Live ({@link StreamStart#REACH_BACK_BY_GRACE}): the earliest its first frame
     * could be part of, reaching back by the grace because earlier frames of that clip may still be on their way.
     * Replay ({@link StreamStart#FIRST_WHOLE_CLIP}): the first clip starting at or after the first frame, since the
     * frames before it were cut off by the range.
     */
    public long startClip(long firstSequence) {
        if (streamStart == StreamStart.FIRST_WHOLE_CLIP) {
            return geometry.firstClipStartingAt(geometry.sampledIndexAtOrAfter(firstSequence));
        }
        long graceIndices = reorderGraceFrames / geometry.frameStep();
        return geometry.firstClipStartingAt(geometry.sampledIndexAtOrAfter(firstSequence) - graceIndices);
    }

    /** Whether every clip using this frame has been decided already, so storing it could change nothing. */
    public boolean isLate(long sequence, long nextClip) {
        return geometry.sampledIndex(sequence) < geometry.firstIndex(nextClip);
    }

    /**
     * What a frame of {@code epoch} and {@code sequence} means for a camera whose state is of {@code currentEpoch} and
     * has seen up to {@code highestSequence}. The epoch (the camera run's start in wall-clock milliseconds) decides:
     * <ul>
     *   <li>a newer epoch: the camera {@link RunChange#RESTARTED restarted} (from 0 to a stamped epoch too: a producer
     *       that gained epochs has restarted);</li>
     *   <li>an older epoch: {@link RunChange#STALE_EPOCH a frame of an earlier run} (0 is older than any stamped
     *       epoch); it never resets anything;</li>
     *   <li>the same stamped epoch: the {@link RunChange#SAME_RUN same run}, however far behind the highest sequence
     *       the frame is: a stray or late frame, never a restart;</li>
     *   <li>epoch 0 on both sides (producers that predate epochs, or state stored before epochs) falls back to the
     *       sequence gap: a frame more than {@code restartGapFrames} behind the highest means a restarted
     *       numbering. The settings keep this gap wider than the grace plus a clip, so an ordinary late frame never
     *       looks like a restart; a stray frame that far behind does, which is why epochs replaced the gap.</li>
     * </ul>
     *
     * @param highestSequence the highest sequence of the camera's state; any negative value when it has none
     */
    public RunChange runChange(long currentEpoch, long highestSequence, long epoch, long sequence) {
        if (epoch > currentEpoch) {
            return RunChange.RESTARTED;
        }
        if (epoch < currentEpoch) {
            return RunChange.STALE_EPOCH;
        }
        if (epoch == 0 && highestSequence >= 0 && highestSequence - sequence > restartGapFrames) {
            return RunChange.RESTARTED;
        }
        return RunChange.SAME_RUN;
    }

    /**
     * Decides the stream's next undecided clip.
     *
     * @param highestSequence the highest sequence the stream has seen
     * @param stored          the sequences of the stream's stored frames
     */
    public ClipDecision decide(long nextClip, long highestSequence, NavigableSet<Long> stored) {
        int frames = geometry.frames();
        long firstSeq = geometry.firstSequence(nextClip);
        long lastSeq = geometry.lastSequence(nextClip);
        int present = stored.subSet(firstSeq, true, lastSeq, true).size();
        boolean complete = present == frames;
        boolean pastGrace = highestSequence > lastSeq + reorderGraceFrames;
        if (!complete && !pastGrace) {
            return ClipDecision.WAIT;
        }
        if (complete || (present > 0 && frames - present <= maxMissingFrames)) {
            return new ClipDecision.Ready(nextClip);
        }
        if (present > 0) {
            return new ClipDecision.Skip(nextClip, nextClip + 1, present);
        }
        // A gap in the stream (a camera offline for an hour) would otherwise be skipped, resolved and logged clip by
        // clip. Resume at the first clip that may still get frames: the first within the grace, or an earlier one
        // reaching the next stored frame.
        long resumeAt = geometry.firstClipWithinGrace(highestSequence, reorderGraceFrames);
        Long nextStored = stored.ceiling(firstSeq);
        if (nextStored != null) {
            resumeAt = Math.min(resumeAt, geometry.firstClipReaching(geometry.sampledIndex(nextStored)));
        }
        return new ClipDecision.Skip(nextClip, Math.max(resumeAt, nextClip + 1), 0);
    }
}
