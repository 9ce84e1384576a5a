package io.actionwatch.ingest.video;

/**
 * Keeps a source's frames at or below a target rate by their own timestamps: a frame is kept when it is due, and
 * the next one becomes due a period later. A tenth of a period of tolerance keeps a 30 fps source limited to 15 at
 * exactly every second frame despite timestamps rounded to the stream's clock; a source that falls behind does
 * not earn a burst afterwards.
 */
final class FrameRateLimiter {

    private final long periodMicros;
    private final long toleranceMicros;
    private long nextDueMicros = Long.MIN_VALUE;

    /** @param maxFps the target rate; {@code <= 0} keeps every frame */
    FrameRateLimiter(double maxFps) {
        this.periodMicros = maxFps > 0 ? Math.round(1e6 / maxFps) : 0;
        this.toleranceMicros = periodMicros / 10;
    }

    /** Whether the frame at {@code timestampMicros} is kept. */
    boolean admit(long timestampMicros) {
        if (periodMicros == 0) {
            return true;
        }
        if (nextDueMicros != Long.MIN_VALUE && timestampMicros < nextDueMicros - toleranceMicros) {
            return false;
        }
        boolean behind = nextDueMicros == Long.MIN_VALUE || timestampMicros - nextDueMicros > periodMicros;
        nextDueMicros = (behind ? timestampMicros : nextDueMicros) + periodMicros;
        return true;
    }

    /** Forgets the schedule (the stream starts again with new timestamps). */
    void reset() {
        nextDueMicros = Long.MIN_VALUE;
    }
}
