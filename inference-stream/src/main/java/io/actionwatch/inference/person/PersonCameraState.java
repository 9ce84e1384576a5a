package io.actionwatch.inference.person;

import io.actionwatch.inference.tracking.TrackerState;

import java.util.Map;
import java.util.TreeMap;

/**
 * One camera's per-person state, the value of the changelogged person store: the tracker's state and each tracked
 * person's clip stream. Mutable; {@link PersonClipBuilder} updates it in place and {@link PersonCameraStateSerde}
 * stores it whole after every sampled frame, so a restart resumes exactly where the last commit left it.
 */
public final class PersonCameraState {

    private final TrackerState tracker;
    /** By track id: ascending, so clips of one frame come out in a deterministic order. */
    private final TreeMap<Long, PersonStream> streams;

    public PersonCameraState() {
        this(new TrackerState(), new TreeMap<>());
    }

    PersonCameraState(TrackerState tracker, TreeMap<Long, PersonStream> streams) {
        this.tracker = tracker;
        this.streams = streams;
    }

    public TrackerState tracker() {
        return tracker;
    }

    public Map<Long, PersonStream> streams() {
        return streams;
    }
}
