package io.actionwatch.inference.app;

import io.actionwatch.serde.RegistryRefusedException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
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
 * otherwise loop forever. A failure no new thread can get past (credentials refused, a right missing, on the broker
 * or the registry) shuts it down at once: only an operator can fix it, and a replay should say so, not retry it.
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
        Throwable refusal = refusal(exception);
        if (refusal != null) {
            log.error("stream thread failed with an error a new thread would meet again; shutting the application "
                    + "down: {}", refusal.toString(), exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
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

    /** The refusal in the exception's causes (Kafka wraps a client's error in a StreamsException), or null. */
    private static Throwable refusal(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof RegistryRefusedException) {
                return t;
            }
        }
        return null;
    }
}
