package io.actionwatch.benchmark.soak;

import io.actionwatch.benchmark.endtoend.LatencyProbe;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyWindowsTest {

    @Test
    void eachWindowHasThePercentilesOfTheEventsThatArrivedInIt() {
        List<LatencyProbe.Sample> samples = new ArrayList<>();
        // Window 0 (0-60 s): latencies 1..100 ms; window 1: 1000..1099 ms; nothing in window 2.
        for (int i = 0; i < 100; i++) {
            samples.add(new LatencyProbe.Sample(1_000 + i * 500L, i + 1, 1, 30f));
            samples.add(new LatencyProbe.Sample(61_000 + i * 500L, 1000 + i, 1, 30f));
        }
        List<LatencyWindows.Window> windows = LatencyWindows.of(samples, 0, 150_000, 60_000);

        assertThat(windows).hasSize(3);
        assertThat(windows.get(0).events()).isEqualTo(100);
        assertThat(windows.get(0).p50Millis()).isEqualTo(50);
        assertThat(windows.get(0).p99Millis()).isEqualTo(99);
        assertThat(windows.get(1).p99Millis()).isEqualTo(1098);
        assertThat(windows.get(1).maxMillis()).isEqualTo(1099);
        assertThat(windows.get(2).events()).isZero();
        assertThat(windows.get(2).p99Millis()).isNull();
        assertThat(windows.get(2).toMinute()).isEqualTo(2.5);
    }
}
