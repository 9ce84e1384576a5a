package io.actionwatch.inference.schedule;

/** What a frame says about its camera's run, as {@link ClipScheduler#runChange} decides it. */
public enum RunChange {
    /** The frame belongs to the run the camera's state is about: on time, out of order, late or a stray. */
    SAME_RUN,
    /** The camera started a new run: its state belongs to the old one and is dropped, clips start afresh. */
    RESTARTED,
    /** The frame belongs to a run older than the camera's current one: it must not touch the camera's state. */
    STALE_EPOCH
}
