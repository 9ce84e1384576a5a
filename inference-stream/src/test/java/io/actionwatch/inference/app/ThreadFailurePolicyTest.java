package io.actionwatch.inference.app;

import io.actionwatch.serde.PayloadErrorKind;
import io.actionwatch.serde.PayloadException;
import io.actionwatch.serde.RegistryRefusedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadFailurePolicyTest {

    private final MutableClock clock = new MutableClock();
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(3, Duration.ofMinutes(10), clock);

    @Test
    void transientFailuresReplaceTheThreadUntilTooManyComeWithinTheWindow() {
        StreamsException outage = new StreamsException(new PayloadException(PayloadErrorKind.REGISTRY_UNAVAILABLE,
                "registry unavailable after 30000 ms"));
        for (int i = 0; i < 3; i++) {
            assertThat(policy.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(policy.handle(new StreamsException(new TimeoutException("broker"))))
                .as("a fourth within 10 minutes").isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        StreamsException outage = new StreamsException(new TimeoutException("broker"));
        for (int i = 0; i < 10; i++) {
            assertThat(policy.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            clock.advance(Duration.ofMinutes(4));
        }
    }

    @Test
    void refusalsShutTheApplicationDownAtTheFirstFailure() {
        for (Throwable refusal : Set.of(
                new StreamsException(new TopicAuthorizationException(Set.of("actions.v1"))),
                new StreamsException("task 0_1", new SaslAuthenticationException("invalid credentials")),
                new StreamsException(new RegistryRefusedException("registry answered HTTP 403")))) {
            ThreadFailurePolicy fresh = new ThreadFailurePolicy(3, Duration.ofMinutes(10), clock);
            assertThat(fresh.handle(refusal)).as("%s", refusal.getCause())
                    .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T20:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
