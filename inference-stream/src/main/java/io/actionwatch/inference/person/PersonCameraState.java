package io.actionwatch.inference.person;

import io.actionwatch.inference.tracking.TrackerState;

import java.util.Map;
import java.util.TreeMap;

/**
 * One camera's per-person state, the value of the changelogged person store: the camera run (epoch) it belongs to,
 * the tracker's state and each tracked person's clip stream. Mutable; {@link PersonClipBuilder} updates it in place and {@link PersonCameraStateSerde}
 * stores it whole after every sampled frame, so a restart resumes exactly where the last commit left it.
 */
public final class PersonCameraState {

    private long epoch;
    private final TrackerState tracker;
    /** By track id: ascending, so clips of one frame come out in a deterministic order. */
    private final TreeMap<Long, PersonStream> streams;

    /** A camera's state before its first frame, of a producer that predates epochs. */
    public PersonCameraState() {
        this(0);
    }

    /** A camera's state before its first frame, of the camera run {@code epoch}. */
    public PersonCameraState(long epoch) {
        this(epoch, new TrackerState(), new TreeMap<>());
    }

    PersonCameraState(long epoch, TrackerState tracker, TreeMap<Long, PersonStream> streams) {
        this.epoch = epoch;
        this.tracker = tracker;
        this.streams = streams;
    }

    /** The camera run this state is about: its start in wall-clock ms; 0 for producers that predate epochs. */
    public long epoch() {
        return epoch;
    }

    /** The camera started run {@code newEpoch}: the old run's people and unfinished clips are dropped. */
    void restarted(long newEpoch) {
        epoch = newEpoch;
        tracker.cameraRestarted();
        streams.clear();
    }

    public TrackerState tracker() {
        return tracker;
    }

    public Map<Long, PersonStream> streams() {
        return streams;
    }
}
