package io.actionwatch.operator.replay;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void showsFramesDoneOfTotalRateAndTimeLeft() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), 1000, 0);
        assertThat(bar.line(250, 5 * SECOND))
                .isEqualTo("replay [########----------------------]  25.0%  250/1000 frames  50 frames/s  ETA 0:15");
        assertThat(bar.line(0, SECOND)).endsWith("ETA --:--");
    }

    @Test
    void redrawsOneLineInPlaceAndEndsItAtOneHundredPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 40, 0);
        bar.draw(10, SECOND);
        bar.finish(40, 2 * SECOND);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\rreplay [").doesNotContain("\n\r").endsWith(System.lineSeparator());
        assertThat(printed.split("\r")).hasSize(3);
        assertThat(printed).contains("100.0%  40/40 frames  20 frames/s  ETA 0:00");
    }
}
