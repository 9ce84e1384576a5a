package io.actionwatch.sink.app;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.serde.AvroSerdes;
import io.actionwatch.serde.PayloadErrorKind;
import io.actionwatch.serde.PayloadException;
import io.actionwatch.sink.alerting.AlertEvaluator;
import io.actionwatch.sink.alerting.AlertRecords;
import io.actionwatch.sink.alerting.AlertRule;
import io.actionwatch.sink.console.EventPrinter;
import io.actionwatch.sink.delivery.AlertDelivery;
import io.actionwatch.sink.delivery.WrittenAlert;
import io.actionwatch.text.UntrustedText;
import io.actionwatch.topics.Topics;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink: reads committed action events, prints them, applies the alert rules and writes alerts to alerts.v1.
 *
 * <h2>Delivery</h2>
 * Offsets of a polled batch are committed only after every alert and dead letter it produced has been acknowledged
 * by the broker (idempotent producer, acks=all). A crash between the acknowledgement and the commit re-reads the
 * batch, so alerts.v1 is at-least-once. Alert ids are deterministic ({@code <rule>:<eventId>}); a downstream reader
 * de-duplicates on them. Within one run, redelivered events are also ignored by the evaluator's memory of recent ids.
 *
 * <h2>Webhooks</h2>
 * Once a batch's alerts are acknowledged, and before its offsets are committed, each alert is handed to
 * {@link AlertDelivery}, which POSTs it to the webhooks its rule names, on their own threads, without holding up the
 * poll loop. A delivery that fails for good is written to dlq.v1 pointing at the alert's record in alerts.v1. A crash
 * before the commit raises the same alerts again (same ids, the webhook's idempotency key), so webhooks, too, are
 * at-least-once.
 *
 * <h2>Unreadable records</h2>
 * Values are consumed as bytes and deserialized here, so a record that cannot be read is never lost inside the
 * consumer: it is logged with topic/partition/offset and written to dlq.v1 with its original bytes, and reading goes
 * on. The one exception is an unreachable registry, which is not the record's fault: the partition is rewound to the
 * record and retried on the next poll, so good events are never dead-lettered during a registry outage.
 *
 * <h2>State</h2>
 * Rule state lives in memory: k-of-n windows and cooldowns per subject (a tracked person, or the camera for whole-frame
 * events; idle people are forgotten, see {@link AlertEvaluator}), recent event ids per camera. A restart or rebalance
 * starts it afresh. Run one sink instance per group for exact cooldown behaviour across all cameras.
 *
 * <p>Lifecycle: construct, {@link #run()} on one thread (once), {@link #close()} from any thread to stop.
 */
public final class SinkApp implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkApp.class);

    private enum State { NEW, RUNNING, STOPPED }

    private final String inputTopic;
    private final Duration pollTimeout;
    private final Duration closeTimeout;
    private final boolean printEvents;
    private final boolean printAlerts;
    private final EventPrinter printer;
    private final AlertEvaluator evaluator;
    private final Serde<ActionEvent> eventSerde;
    private final Serde<Alert> alertSerde;
    private final Serde<DeadLetter> deadLetterSerde;
    private final Deserializer<ActionEvent> events;
    private final Serializer<Alert> alerts;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final DeadLetterWriter deadLetters;
    private final AlertDelivery delivery;
    private final SinkMetrics metrics;

    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    public SinkApp(SinkConfig config, PrintStream out) {
        this(config, out, Clock.systemUTC());
    }

    SinkApp(SinkConfig config, PrintStream out, Clock clock) {
        this.inputTopic = config.inputTopic();
        this.pollTimeout = config.pollTimeout();
        this.closeTimeout = config.closeTimeout();
        this.printEvents = config.printEvents();
        this.printAlerts = config.printAlerts();
        this.printer = new EventPrinter(out, config.printTimeZone());
        this.evaluator = new AlertEvaluator(config.alertRules(), config.rememberedIdsPerCamera(),
                config.personIdleTimeout(), clock);

        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Map<String, Object> serdeConfig = config.serdeProperties();
            this.eventSerde = opened(opened, AvroSerdes.specific(ActionEvent.class, serdeConfig, false));
            this.alertSerde = opened(opened, AvroSerdes.specific(Alert.class, serdeConfig, false));
            this.deadLetterSerde = opened(opened, AvroSerdes.specific(DeadLetter.class, serdeConfig, false));
            this.consumer = opened(opened, new KafkaConsumer<>(config.consumerProperties(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            this.producer = opened(opened, new KafkaProducer<>(config.producerProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer()));
            this.deadLetters = new DeadLetterWriter(producer, deadLetterSerde.serializer(), config.groupId(), clock);
            this.delivery = opened(opened, new AlertDelivery(config.webhooks(), config.alertRules(), deadLetters,
                    config.webhooksCloseTimeout()));
            this.metrics = opened(opened, new SinkMetrics(config.metricsPort(), consumer,
                    evaluator.rules().stream().map(AlertRule::name).toList()));
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                closeLogged("partially built sink resource", opened.get(i));
            }
            throw e;
        }
        this.events = eventSerde.deserializer();
        this.alerts = alertSerde.serializer();
    }

    private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T resource) {
        opened.add(resource);
        return resource;
    }

    /**
     * Polls until {@link #close()}; returns normally when closed, throws when the sink cannot go on (e.g. alerts
     * cannot be written). Either way every client is closed when it returns.
     */
    @Override
    public void run() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            if (closing) {
                log.debug("sink closed before it ran");
                return;
            }
            throw new IllegalStateException("a SinkApp runs once; this one is " + state.get());
        }
        try {
            consumer.subscribe(List.of(inputTopic));
            log.info("sink started topic={} rules={}", inputTopic, evaluator.rules().size());
            while (!closing) {
                processBatch(consumer.poll(pollTimeout));
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("sink stopped: uncommitted events will be read again on restart topic={}", inputTopic, e);
            throw e;
        } finally {
            closeClients();
            state.set(State.STOPPED);
            stopped.countDown();
            log.info("sink stopped topic={}", inputTopic);
        }
    }

    /** Stops the poll loop (from any thread) and waits for it to finish the batch at hand and close its clients. */
    @Override
    public void close() {
        closing = true;
        if (state.compareAndSet(State.NEW, State.STOPPED)) {
            closeClients();
            stopped.countDown();
            return;
        }
        if (state.get() == State.RUNNING) {
            consumer.wakeup();
        }
        try {
            if (!stopped.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("sink poll loop did not stop within timeoutMs={}", closeTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while waiting for the sink to stop");
        }
    }

    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<SentAlert> sentAlerts = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (!process(record, sends, sentAlerts)) {
                    // Nothing after this record is processed either, so its partition resumes exactly here.
                    consumer.seek(partition, record.offset());
                    break;
                }
                processed.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        awaitAcknowledgements(sends);
        // Before the commit: a crash after it would leave these alerts in alerts.v1 but never at their webhooks.
        for (SentAlert sent : sentAlerts) {
            delivery.submit(sent.written());
        }
        if (!processed.isEmpty()) {
            consumer.commitSync(processed);
        }
    }

    /** Handles one record; false when it must be retried later (registry unreachable). */
    private boolean process(ConsumerRecord<byte[], byte[]> record, List<Future<RecordMetadata>> sends,
                            List<SentAlert> sentAlerts) {
        ActionEvent event;
        try {
            event = events.deserialize(record.topic(), record.headers(), record.value());
        } catch (PayloadException e) {
            if (e.kind() == PayloadErrorKind.REGISTRY_UNAVAILABLE) {
                log.warn("schema registry unavailable, will retry topic={} partition={} offset={} reason={}",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                return false;
            }
            sends.add(deadLetters.write(record, e.kind().name(), messageOf(e)));
            return true;
        } catch (SerializationException e) {
            // Not one of the serde's own messages: it may quote anything of the payload.
            sends.add(deadLetters.write(record, PayloadErrorKind.UNREADABLE_PAYLOAD.name(),
                    UntrustedText.excerpt(messageOf(e))));
            return true;
        }
        if (event == null) {
            sends.add(deadLetters.write(record, "EMPTY_PAYLOAD", "record has no value"));
            return true;
        }
        metrics.eventConsumed();
        if (printEvents) {
            printer.print(event);
        }
        for (Alert alert : evaluator.evaluate(event)) {
            SentAlert sent = send(alert);
            sends.add(sent.ack());
            sentAlerts.add(sent);
            metrics.alertRaised(alert.getRule());
            if (printAlerts) {
                printer.print(alert);
            }
        }
        return true;
    }

    private SentAlert send(Alert alert) {
        log.info("alert raised rule={} subject={} alertId={}", alert.getRule(),
                UntrustedText.excerpt(AlertEvaluator.subject(alert.getCameraId(), alert.getPerson())),
                alert.getAlertId());
        byte[] value = alerts.serialize(Topics.ALERTS, alert);
        ProducerRecord<byte[], byte[]> record = AlertRecords.of(Topics.ALERTS, alert, value);
        Future<RecordMetadata> ack = producer.send(record, (metadata, error) -> {
            if (error != null) {
                log.error("alert not written alertId={}", alert.getAlertId(), error);
            }
        });
        return new SentAlert(alert, record, ack);
    }

    /** An alert sent to alerts.v1, with the acknowledgement that tells where it was written. */
    private record SentAlert(Alert alert, ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> ack) {

        /** Only once {@link #ack} has completed successfully. */
        WrittenAlert written() {
            RecordMetadata metadata;
            try {
                metadata = ack.get();
            } catch (ExecutionException | InterruptedException e) {
                throw new IllegalStateException("alert " + alert.getAlertId() + " was not acknowledged", e);
            }
            return new WrittenAlert(alert, metadata.topic(), metadata.partition(), metadata.offset(), record.key(),
                    record.value());
        }
    }

    private void awaitAcknowledgements(List<Future<RecordMetadata>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new KafkaException("an alert or dead letter was not acknowledged; the batch's offsets are not "
                        + "committed and will be read again", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
    }

    private void closeClients() {
        closeLogged("consumer", consumer);
        // Before the producer: undelivered alerts' dead letters are written with it.
        closeLogged("webhook delivery", delivery);
        closeLogged("producer", () -> producer.close(closeTimeout));
        closeLogged("action event serde", eventSerde);
        closeLogged("alert serde", alertSerde);
        closeLogged("dead letter serde", deadLetterSerde);
        closeLogged("metrics endpoint", metrics);
    }

    /** Where the sink's Prometheus metrics are served, empty when {@code metrics.port} is -1. */
    public Optional<URI> metricsUrl() {
        return metrics.url();
    }

    private static void closeLogged(String what, AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("could not close {}", what, e);
        }
    }

    private static String messageOf(Exception e) {
        return Objects.toString(e.getMessage(), e.getClass().getName());
    }

    /** Runs the sink until Ctrl-C. Optional argument: a properties file layered over the defaults. */
    public static void main(String[] args) {
        if (args.length > 1) {
            System.err.println("usage: SinkApp [config.properties]");
            System.exit(2);
        }
        SinkConfig config;
        try {
            config = SinkConfig.load(args.length == 1 ? Optional.of(Path.of(args[0])) : Optional.empty(), System.getenv(), Map.of());
        } catch (ConfigException e) {
            System.err.println("sink: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Explicit UTF-8: the ✓/✗ marks must not turn into '?' under a C locale.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        try (SinkApp app = new SinkApp(config, out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sink-shutdown"));
            app.run();
        }
    }
}
