package io.actionwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamesTest {

    @Test
    void micrometerMetersAppearUnderTheDeclaredScrapeNames() {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("test", MetricsEndpoint.OFF)) {
            PrometheusMeterRegistry registry = endpoint.registry();
            Timer.builder(MetricNames.INFERENCE_METER).publishPercentileHistogram().register(registry)
                    .record(Duration.ofMillis(5));
            DistributionSummary.builder(MetricNames.BATCH_CLIPS_METER).publishPercentileHistogram().register(registry)
                    .record(3);
            Counter.builder(MetricNames.SINK_EVENTS_METER).register(registry).increment();
            Counter.builder(MetricNames.SINK_ALERTS_METER).tag(MetricNames.RULE_TAG, "r").register(registry)
                    .increment();
            AtomicLong frames = new AtomicLong(7);
            for (String what : new String[]{MetricNames.CAMERA_CAPTURED, MetricNames.CAMERA_SENT,
                    MetricNames.CAMERA_FAILED, MetricNames.CAMERA_DROPPED}) {
                FunctionCounter.builder(MetricNames.CAMERA_FRAMES_METER_PREFIX + what, frames, AtomicLong::get)
                        .tag(MetricNames.CAMERA_TAG, "cam-1").register(registry);
            }
            for (String meter : new String[]{MetricNames.VIDEO_SOURCE_DROPS_METER,
                    MetricNames.VIDEO_SOURCE_RECONNECTS_METER}) {
                FunctionCounter.builder(meter, frames, AtomicLong::get).tag(MetricNames.CAMERA_TAG, "cam-1")
                        .register(registry);
            }
            Gauge.builder(MetricNames.CAMERA_FRAMES_METER_PREFIX + MetricNames.CAMERA_SPOOLED, frames, AtomicLong::get)
                    .tag(MetricNames.CAMERA_TAG, "cam-1").register(registry);
            // As the stream application registers it: a gauge with base unit bytes.
            Gauge.builder(MetricNames.STATE_STORE_MEMORY_METER, frames, AtomicLong::get).baseUnit("bytes")
                    .register(registry);

            String scrape = registry.scrape();
            MetricNames.ALL.stream()
                    .filter(m -> !m.prometheus().startsWith("kafka_"))
                    .forEach(m -> assertThat(scrape).as(m.prometheus()).containsPattern(
                            "(?m)^" + m.prometheus() + (m.type().equals("histogram") ? "_count" : "") + "[{ ]"));
            assertThat(scrape).contains(MetricNames.cameraFrames(MetricNames.CAMERA_SENT) + "{camera=\"cam-1\"} 7.0");
        }
    }

    @Test
    void streamCountersFollowTheKafkaBinderNaming() {
        assertThat(MetricNames.streamCounter(MetricNames.CLIPS_EMITTED))
                .isEqualTo("kafka_stream_actionwatch_clips_emitted_total");
        assertThat(MetricNames.deadLetterKind("UNDECODABLE_IMAGE")).isEqualTo("undecodable-image");
    }

    @Test
    void everyServiceHasMetricsAndNoNameIsDeclaredTwiceForOneService() {
        for (MetricNames.Service service : MetricNames.Service.values()) {
            assertThat(MetricNames.of(service)).isNotEmpty();
            assertThat(MetricNames.of(service).stream().map(MetricNames.Metric::prometheus)).doesNotHaveDuplicates();
        }
    }

    @Test
    void theReadmeListsEveryMetric() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Metrics");
        assertThat(section).as("README has a Metrics section").isNotNegative();
        String metrics = readme.substring(section);
        MetricNames.ALL.forEach(m -> assertThat(metrics).as(m.prometheus()).contains("`" + m.prometheus() + "`"));
    }
}
