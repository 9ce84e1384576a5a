package io.actionwatch.inference.tracking;

/** Where a track is in its life. The codes are what {@link TrackerStateSerde} stores: never renumber them. */
public enum TrackStatus {

    /** Seen in fewer than {@link TrackerSettings#confirmHits()} consecutive sampled frames; not reported. */
    TENTATIVE(0),
    /** Reported whenever it is matched; survives up to {@link TrackerSettings#maxMissedFrames()} misses. */
    CONFIRMED(1);

    private final byte code;

    TrackStatus(int code) {
        this.code = (byte) code;
    }

    byte code() {
        return code;
    }

    /** The status stored as {@code code}, or null when no status has it. */
    static TrackStatus ofCode(byte code) {
        return switch (code) {
            case 0 -> TENTATIVE;
            case 1 -> CONFIRMED;
            default -> null;
        };
    }
}
