package io.actionwatch.ingest.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed frames without flooding: the first failure after a quiet period in full, then at most one summary
 * line per interval with the number of failures it stands for. Nothing is dropped silently: every failure is
 * counted and either logged or included in the next summary.
 */
final class SendFailureLog {

    private static final Logger log = LoggerFactory.getLogger(SendFailureLog.class);
    private static final long INTERVAL_NANOS = 5_000_000_000L;

    private final String cameraId;
    private long lastLogNanos;
    private boolean logged;
    private long suppressed;

    SendFailureLog(String cameraId) {
        this.cameraId = cameraId;
    }

    synchronized void failed(long sequence, String what, Throwable error) {
        long now = System.nanoTime();
        if (logged && now - lastLogNanos < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        log.warn("frame failed camera={} seq={} reason=\"{}\" error=\"{}\" earlierFailuresNotLogged={}", cameraId,
                sequence, what, error, suppressed);
        suppressed = 0;
        logged = true;
        lastLogNanos = now;
    }

    /** Reports failures not logged yet (at the end of a run). */
    synchronized void flush() {
        if (suppressed > 0) {
            log.warn("frames failed camera={} failuresNotLoggedIndividually={}", cameraId, suppressed);
            suppressed = 0;
        }
    }
}
