package io.actionwatch.inference.person;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One tracked person as a clip stream: the frames they were seen in that a clip may still use, and the next clip
 * to decide. Its key is the camera plus the track id; its clips are cut by the same geometry as the camera's.
 */
public final class PersonStream {

    private final long trackId;
    private final TreeMap<Long, PersonFrame> frames = new TreeMap<>();
    private long nextClip;

    public PersonStream(long trackId, long nextClip) {
        this.trackId = trackId;
        this.nextClip = nextClip;
    }

    public long trackId() {
        return trackId;
    }

    public long nextClip() {
        return nextClip;
    }

    void nextClip(long clip) {
        nextClip = clip;
    }

    public NavigableMap<Long, PersonFrame> frames() {
        return frames;
    }

    void add(PersonFrame frame) {
        frames.put(frame.sequence(), frame);
    }

    /** Forgets frames no clip from {@code firstSequence} on can use. */
    void dropBefore(long firstSequence) {
        frames.headMap(firstSequence, false).clear();
    }
}
