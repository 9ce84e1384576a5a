package io.actionwatch.inference.schedule;

/**
 * A frame of an older run (epoch) than its camera's current one, refused before it touches the camera's state; it
 * becomes a {@code STALE_EPOCH} dead letter. The message names both epochs and not the camera (the dead letter's key
 * names it).
 */
public final class StaleEpochException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long epoch;
    private final long currentEpoch;

    public StaleEpochException(long epoch, long currentEpoch) {
        super("frame of epoch " + epoch + " is older than the camera's current epoch " + currentEpoch
                + ": it belongs to an earlier run of the camera and resets nothing");
        this.epoch = epoch;
        this.currentEpoch = currentEpoch;
    }

    public long epoch() {
        return epoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }
}
