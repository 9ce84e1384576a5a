package io.actionwatch.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameRateLimiterTest {

    @Test
    void keepsEverySecondFrameOfA30FpsSourceLimitedTo15() {
        FrameRateLimiter limiter = new FrameRateLimiter(15);
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            kept.append(limiter.admit(Math.round(i * 1e6 / 30)) ? 'x' : '.');
        }
        assertThat(kept).hasToString("x.x.x.x.x.x.");
    }

    @Test
    void keepsThreeOfFiveFramesOfA25FpsSourceLimitedTo15() {
        FrameRateLimiter limiter = new FrameRateLimiter(15);
        int kept = 0;
        for (int i = 0; i < 250; i++) {
            kept += limiter.admit(i * 40_000L) ? 1 : 0;
        }
        assertThat(kept).isBetween(148, 152);
    }

    @Test
    void aSourceThatFellBehindGetsNoBurst() {
        FrameRateLimiter limiter = new FrameRateLimiter(10);
        assertThat(limiter.admit(0)).isTrue();
        assertThat(limiter.admit(1_000_000)).isTrue();
        assertThat(limiter.admit(1_030_000)).isFalse();
        assertThat(limiter.admit(1_100_000)).isTrue();
    }

    @Test
    void withoutATargetKeepsEverything() {
        FrameRateLimiter limiter = new FrameRateLimiter(0);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.admit(i)).isTrue();
        }
    }
}
