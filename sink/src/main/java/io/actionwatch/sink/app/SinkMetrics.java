package io.actionwatch.sink.app;

import io.actionwatch.metrics.MetricNames;
import io.actionwatch.metrics.MetricsEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The sink's Prometheus endpoint: events read, alerts raised per rule, and the consumer's own Kafka metrics (its lag
 * among them) through Micrometer's Kafka client binder.
 */
final class SinkMetrics implements AutoCloseable {

    private final MetricsEndpoint endpoint;
    private final KafkaClientMetrics consumerMetrics;
    private final Counter eventsConsumed;

    /** @param rules names of the alert rules, whose counters are served from the start, at 0 */
    SinkMetrics(int port, Consumer<?, ?> consumer, List<String> rules) {
        this.endpoint = MetricsEndpoint.start("sink", port);
        this.consumerMetrics = new KafkaClientMetrics(consumer, List.of());
        consumerMetrics.bindTo(endpoint.registry());
        this.eventsConsumed = Counter.builder(MetricNames.SINK_EVENTS_METER)
                .description("Action events read").register(endpoint.registry());
        rules.forEach(rule -> alerts(rule));
    }

    private Counter alerts(String rule) {
        return Counter.builder(MetricNames.SINK_ALERTS_METER).description("Alerts raised")
                .tag(MetricNames.RULE_TAG, rule).register(endpoint.registry());
    }

    void eventConsumed() {
        eventsConsumed.increment();
    }

    void alertRaised(String rule) {
        alerts(rule).increment();
    }

    Optional<URI> url() {
        return endpoint.url();
    }

    @Override
    public void close() {
        try {
            consumerMetrics.close();
        } finally {
            endpoint.close();
        }
    }
}
