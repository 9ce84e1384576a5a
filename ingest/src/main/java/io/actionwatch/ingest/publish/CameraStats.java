package io.actionwatch.ingest.publish;

/**
 * A camera's counters at one moment.
 *
 * @param captured frames taken from the source (each got a sequence number)
 * @param sent frames the broker acknowledged
 * @param failed frames that will never arrive: refused (oversize, serialisation) or failed delivery
 * @param bytesSent JPEG bytes of acknowledged frames
 * @param nextSequence sequence number the next captured frame will get
 */
public record CameraStats(long captured, long sent, long failed, long bytesSent, long nextSequence) {

    /** Frames sent but neither acknowledged nor failed yet. */
    public long inFlight() {
        return captured - sent - failed;
    }
}
