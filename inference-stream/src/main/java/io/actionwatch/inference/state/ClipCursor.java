package io.actionwatch.inference.state;

/**
 * A clip stream's progress, persisted in the changelogged cursor store: the camera run (epoch) it belongs to, the
 * next clip to resolve, the highest sequence seen, when the stream was last heard from (wall clock, for idle
 * eviction) and lifetime counters. Small and fixed-size on purpose: it is rewritten per frame, unlike the frames
 * themselves. The epoch is fixed for a cursor's life: a newer epoch drops the stream and starts a new cursor.
 */
public final class ClipCursor {

    private final long epoch;
    private long nextClip;
    private long highestSequence;
    private long lastActivityMillis;
    private long framesStored;
    private long duplicatesDropped;
    private long lateDropped;
    private long clipsEmitted;
    private long clipsSkipped;
    private long framesFilled;

    public ClipCursor(long epoch, long nextClip, long highestSequence, long lastActivityMillis) {
        this.epoch = epoch;
        this.nextClip = nextClip;
        this.highestSequence = highestSequence;
        this.lastActivityMillis = lastActivityMillis;
    }

    ClipCursor(long epoch, long nextClip, long highestSequence, long lastActivityMillis, long framesStored,
               long duplicatesDropped, long lateDropped, long clipsEmitted, long clipsSkipped, long framesFilled) {
        this(epoch, nextClip, highestSequence, lastActivityMillis);
        this.framesStored = framesStored;
        this.duplicatesDropped = duplicatesDropped;
        this.lateDropped = lateDropped;
        this.clipsEmitted = clipsEmitted;
        this.clipsSkipped = clipsSkipped;
        this.framesFilled = framesFilled;
    }

    /** The camera run this stream belongs to: its start in wall-clock ms; 0 for producers that predate epochs. */
    public long epoch() {
        return epoch;
    }

    public long nextClip() {
        return nextClip;
    }

    public long highestSequence() {
        return highestSequence;
    }

    public long lastActivityMillis() {
        return lastActivityMillis;
    }

    public long framesStored() {
        return framesStored;
    }

    public long duplicatesDropped() {
        return duplicatesDropped;
    }

    public long lateDropped() {
        return lateDropped;
    }

    public long clipsEmitted() {
        return clipsEmitted;
    }

    public long clipsSkipped() {
        return clipsSkipped;
    }

    public long framesFilled() {
        return framesFilled;
    }

    public void seen(long sequence, long nowMillis) {
        highestSequence = Math.max(highestSequence, sequence);
        lastActivityMillis = nowMillis;
    }

    public void frameStored() {
        framesStored++;
    }

    public void duplicateDropped() {
        duplicatesDropped++;
    }

    public void lateFrameDropped() {
        lateDropped++;
    }

    public void clipEmitted(long clip, int filled) {
        nextClip = clip + 1;
        clipsEmitted++;
        framesFilled += filled;
    }

    public void clipsSkipped(long resumeAt, long count) {
        nextClip = resumeAt;
        clipsSkipped += count;
    }

    @Override
    public String toString() {
        return "ClipCursor{epoch=" + epoch + ", nextClip=" + nextClip + ", highestSequence=" + highestSequence
                + ", lastActivityMillis=" + lastActivityMillis + ", framesStored=" + framesStored
                + ", duplicatesDropped=" + duplicatesDropped
                + ", lateDropped=" + lateDropped + ", clipsEmitted=" + clipsEmitted + ", clipsSkipped=" + clipsSkipped
                + ", framesFilled=" + framesFilled + '}';
    }
}
