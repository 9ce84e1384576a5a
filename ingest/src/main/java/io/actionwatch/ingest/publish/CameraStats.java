package io.actionwatch.ingest.publish;

/**
 * A camera's counters at one moment.
 *
 * @param captured frames taken from the source (each got a sequence number)
 * @param sent frames the broker acknowledged
 * @param failed frames that will never arrive: refused (oversize, metadata past the frames.v1 contract,
 *               serialisation), failed delivery, or still unsent in memory when the camera stopped
 * @param dropped frames the spool dropped, oldest first, to stay within its bounds during a broker outage
 * @param spooled frames waiting: in the spool (memory and disk) or handed to the producer and not acknowledged yet
 * @param bytesSent JPEG bytes of acknowledged frames
 * @param nextSequence sequence number the next captured frame will get
 */
public record CameraStats(long captured, long sent, long failed, long dropped, long spooled, long bytesSent,
                          long nextSequence) {

    /** Frames captured and neither acknowledged, failed nor dropped yet. */
    public long inFlight() {
        return captured - sent - failed - dropped;
    }
}
