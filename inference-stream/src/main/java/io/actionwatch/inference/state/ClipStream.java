package io.actionwatch.inference.state;

import io.actionwatch.inference.frame.CachedFrame;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * One clip stream as its task holds it in memory: its key (today a camera id), the persisted cursor, an index of the
 * frames in the store (sequence to cached frame), how far clips have been decided and how many wait in the batch.
 * Rebuilt from the stores whenever the processor (re)initialises, so it never holds anything the stores do not.
 */
public final class ClipStream {

    private final String key;
    private final byte[] keyPrefix;
    private final ClipCursor cursor;
    private final TreeMap<Long, CachedFrame> frames = new TreeMap<>();
    /** Next clip to decide; clips in [cursor.nextClip, scheduledUpTo) wait in the batch. */
    private long scheduledUpTo;
    /** Entries of this stream in the batch; a stream with any is never evicted. */
    private int pending;

    ClipStream(String key, ClipCursor cursor) {
        this.key = key;
        this.keyPrefix = FrameKeys.prefix(key);
        this.cursor = cursor;
        this.scheduledUpTo = cursor.nextClip();
    }

    public String key() {
        return key;
    }

    public ClipCursor cursor() {
        return cursor;
    }

    /** The stored frame with this sequence, or null. */
    public CachedFrame frame(long sequence) {
        return frames.get(sequence);
    }

    /** Sequences of the stored frames, ascending; a read-only view. */
    public NavigableSet<Long> storedSequences() {
        return Collections.unmodifiableNavigableSet(frames.navigableKeySet());
    }

    public int storedFrames() {
        return frames.size();
    }

    public long scheduledUpTo() {
        return scheduledUpTo;
    }

    public void scheduledUpTo(long nextClip) {
        this.scheduledUpTo = nextClip;
    }

    public int pending() {
        return pending;
    }

    public void pendingAdded() {
        pending++;
    }

    public void pendingResolved() {
        pending--;
    }

    byte[] keyPrefix() {
        return keyPrefix;
    }

    NavigableMap<Long, CachedFrame> frames() {
        return frames;
    }
}
