package io.actionwatch.inference.schedule;

/** What the {@link ClipScheduler} makes of a stream's next undecided clip. */
public sealed interface ClipDecision {

    ClipDecision WAIT = new Wait();

    /** Frames of the clip may still arrive within the reorder grace: decide again after the stream's next frame. */
    record Wait() implements ClipDecision {
    }

    /** The clip goes to the model; whatever frames it lacks are few enough to be filled from their neighbours. */
    record Ready(long clip) implements ClipDecision {
    }

    /**
     * Clips {@code [fromClip, resumeAt)} will never be emitted.
     *
     * @param presentFrames how many of {@code fromClip}'s frames are stored; 0 means the stream has a gap, which is
     *                      skipped as a run of clips up to the next stored frame rather than clip by clip
     */
    record Skip(long fromClip, long resumeAt, int presentFrames) implements ClipDecision {

        public boolean empty() {
            return presentFrames == 0;
        }
    }
}
