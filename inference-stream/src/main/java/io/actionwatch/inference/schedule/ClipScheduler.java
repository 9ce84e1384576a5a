package io.actionwatch.inference.schedule;

import io.actionwatch.inference.model.ClipGeometry;

import java.util.NavigableSet;

/**
 * When the clips of a clip stream are decided. A clip stream is a run of frames numbered by their camera's sequence
 * and cut into clips by the geometry; whose it is (a camera today, a person tracked within a camera next) is its key's
 * business. These rules read nothing but sequence numbers, so every kind of stream shares them.
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

    /**
     * @param reorderGraceFrames how many sequence numbers past a clip's end to wait for its missing frames
     * @param maxMissingFrames   most frames a clip may lack and still be emitted
     * @param restartGapFrames   how far behind the highest sequence a frame must be to mean a restarted numbering
     */
    public ClipScheduler(ClipGeometry geometry, long reorderGraceFrames, int maxMissingFrames, long restartGapFrames) {
        this.geometry = geometry;
        this.reorderGraceFrames = reorderGraceFrames;
        this.maxMissingFrames = maxMissingFrames;
        this.restartGapFrames = restartGapFrames;
    }

    public ClipGeometry geometry() {
        return geometry;
    }

    public int maxMissingFrames() {
        return maxMissingFrames;
    }

    /**
     * The clip a new stream starts at: the earliest its first frame could be part of, reaching back by the grace
     * because earlier frames of that clip may still be on their way.
     */
    public long startClip(long firstSequence) {
        long graceIndices = reorderGraceFrames / geometry.frameStep();
        return geometry.firstClipStartingAt(geometry.sampledIndexAtOrAfter(firstSequence) - graceIndices);
    }

    /** Whether every clip using this frame has been decided already, so storing it could change nothing. */
    public boolean isLate(long sequence, long nextClip) {
        return geometry.sampledIndex(sequence) < geometry.firstIndex(nextClip);
    }

    /**
     * Whether a frame so far behind the highest sequence seen means the source numbers its frames from scratch. The
     * settings keep this gap wider than the grace plus a clip, so an ordinary late frame never looks like a restart.
     */
    public boolean isRestart(long highestSequence, long sequence) {
        return highestSequence - sequence > restartGapFrames;
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
