package io.actionwatch.inference.tracking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One camera's tracker state, the value of the changelogged tracker store: the next track id to hand out, the last
 * sequence processed, and the live tracks in ascending id order. {@link PersonTracker} updates it in place;
 * {@link TrackerStateSerde} stores it.
 */
public final class TrackerState {

    /** {@link #lastSequence()} of a camera the tracker has not processed a frame of. */
    public static final long NO_FRAME = Long.MIN_VALUE;
    /** Ids start at 1 so that 0 can never be mistaken for a track. */
    static final long FIRST_ID = 1;

    private long nextId;
    private long lastSequence;
    /** Ascending ids: new tracks get the highest id and are appended, removals keep the order. */
    final ArrayList<Track> tracks;

    public TrackerState() {
        this(FIRST_ID, NO_FRAME, new ArrayList<>());
    }

    TrackerState(long nextId, long lastSequence, ArrayList<Track> tracks) {
        this.nextId = nextId;
        this.lastSequence = lastSequence;
        this.tracks = tracks;
    }

    /** The id the next new track gets; every id below it has been used in this camera. */
    public long nextId() {
        return nextId;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public boolean hasFrame() {
        return lastSequence != NO_FRAME;
    }

    public List<Track> tracks() {
        return Collections.unmodifiableList(tracks);
    }

    /**
     * The camera started a new epoch (its numbering may begin again): drop every track and forget the last sequence,
     * but keep the id counter so that ids are never reused within the camera.
     */
    public void cameraRestarted() {
        tracks.clear();
        lastSequence = NO_FRAME;
    }

    long takeId() {
        return nextId++;
    }

    void processed(long sequence) {
        lastSequence = sequence;
    }

    @Override
    public String toString() {
        return "TrackerState{nextId=" + nextId + ", lastSequence=" + lastSequence + ", tracks=" + tracks + '}';
    }
}
