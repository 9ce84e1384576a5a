package io.actionwatch.inference.app;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Replaces a failed stream thread (a registry or broker outage is transient, and under exactly-once the new thread
 * resumes from committed state), but shuts the client down when threads keep failing: a deterministic bug would
 * otherwise loop forever.
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ThreadFailurePolicy.class);

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Deque<Long> failures = new ArrayDeque<>();

    ThreadFailurePolicy(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = clock.millis();
        failures.addLast(now);
        while (!failures.isEmpty() && now - failures.peekFirst() > window.toMillis()) {
            failures.removeFirst();
        }
        if (failures.size() > maxFailures) {
            log.error("stream thread failed {} times within {}; shutting the application down", failures.size(),
                    window, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.error("stream thread failed; replacing it (failure {} of {} allowed within {})", failures.size(),
                maxFailures, window, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
