package io.actionwatch.inference.app;

import io.actionwatch.inference.metrics.TimedClassifier;
import io.actionwatch.inference.model.ModelDirectory;
import io.actionwatch.inference.model.OnnxClassifier;
import io.actionwatch.inference.pose.PoseModel;
import io.actionwatch.inference.state.StateStoreMemory;
import io.actionwatch.metrics.MetricNames;
import io.actionwatch.metrics.MetricsEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The inference service: loads the model named by the configuration, builds {@link ActionTopology} and runs it on
 * Kafka Streams. Usable in-process ({@link #create}, {@link #start}, {@link #close}) or as a program
 * ({@code main [config.properties]}).
 */
public final class InferenceApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InferenceApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(2);

    private final InferenceConfig config;
    private final StreamWiring wiring;
    private final OnnxClassifier classifier;
    private final KafkaStreams streams;
    private final MetricsEndpoint metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    /** Null when state.store.memory.bytes is 0 or another rocksdb.config.setter is configured. */
    private final StateStoreMemory stateMemory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private InferenceApp(InferenceConfig config, StreamWiring wiring, OnnxClassifier classifier,
                         KafkaStreams streams, MetricsEndpoint metrics, KafkaStreamsMetrics streamsMetrics,
                         StateStoreMemory stateMemory) {
        this.config = config;
        this.wiring = wiring;
        this.classifier = classifier;
        this.streams = streams;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
        this.stateMemory = stateMemory;
    }

    /**
     * The live service: the configuration's model ({@code model.dir}) on {@link StreamWiring#live(InferenceConfig)}.
     * Nothing runs until {@link #start()}.
     */
    public static InferenceApp create(InferenceConfig config) {
        return create(config, StreamWiring.live(config), ModelDirectory.open(config.modelDir()));
    }

    /**
     * Loads the model and builds the Kafka Streams client for any wiring (live or a replay); nothing runs until
     * {@link #start()}.
     */
    public static InferenceApp create(InferenceConfig config, StreamWiring wiring, ModelDirectory model) {
        OnnxClassifier classifier = OnnxClassifier.open(model, config.executionProviders(), config.intraOpThreads(),
                config.intraOpSpinning(), config.batchMaxClips(), config.streamThreads());
        MetricsEndpoint metrics = null;
        StateStoreMemory stateMemory = null;
        try {
            metrics = MetricsEndpoint.start("inference " + wiring.applicationId(), config.metricsPort());
            // A per-person model sees people through the pose model; a missing one is refused here, at start.
            PoseModel poses = model.card().perPerson() ? PoseModel.open(config.poseModelDir()) : null;
            Topology topology = ActionTopology.build(config, wiring, model.card(),
                    new TimedClassifier(classifier, metrics.registry()), poses);
            Properties settings = streamsConfig(config, wiring);
            if (config.stateStoreMemoryBytes() > 0) {
                if (settings.containsKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)) {
                    log.info("{} is set: RocksDB is configured by it and {} is not applied",
                            StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, InferenceConfig.STATE_STORE_MEMORY_BYTES);
                } else {
                    stateMemory = new StateStoreMemory(config.stateStoreMemoryBytes());
                    settings.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateStoreMemory.Setter.class);
                    settings.put(StateStoreMemory.CONFIG_KEY, stateMemory);
                    Gauge.builder(MetricNames.STATE_STORE_MEMORY_METER, stateMemory, StateStoreMemory::usage)
                            .baseUnit("bytes").description("native memory of the RocksDB state stores")
                            .register(metrics.registry());
                }
            }
            KafkaStreams streams = new KafkaStreams(topology, settings);
            streams.setUncaughtExceptionHandler(new ThreadFailurePolicy(10, Duration.ofMinutes(10), Clock.systemUTC()));
            // The binder looks for new Kafka metrics at this interval; the pipeline's sensors appear on first use,
            // so a short one makes them visible soon after the first frame rather than a minute later.
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(),
                    Executors.newSingleThreadScheduledExecutor(daemon("inference-metrics")), METRICS_REFRESH);
            streamsMetrics.bindTo(metrics.registry());
            return new InferenceApp(config, wiring, classifier, streams, metrics, streamsMetrics, stateMemory);
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            if (stateMemory != null) {
                stateMemory.close();
            }
            classifier.close();
            throw e;
        }
    }

    /**
     * Kafka Streams settings: deliberate defaults below, then every Kafka key of the configuration on top, then the
     * wiring's application id (the wiring decides it, so a replay can never run under the live id by accident).
     */
    public static Properties streamsConfig(InferenceConfig config, StreamWiring wiring) {
        Properties p = new Properties();
        // Exactly-once: an event is emitted in the same transaction that commits the frames' offsets and the clip
        // state, so a crash between "clip ready" and "event sent" neither loses the clip nor sends it twice.
        // Downstream consumers read actions.v1 with isolation.level=read_committed.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Threads: a model call blocks its stream thread and uses intra.op.threads cores. The defaults give one
        // stream thread per core with one intra-op thread each (intra.op.threads=0 divides the cores among
        // num.stream.threads), so the sum never oversubscribes and, unlike one thread with all cores for the model,
        // one thread's JPEG decoding and Kafka work runs while another's model call does: measured on 2 cores,
        // 1.5x the sustained frames/s (README, Performance). Scale out with partitions and instances; with
        // few cameras per instance, partitions may split cameras unevenly between threads.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Bounded work per poll: at most 100 frames, each completing at most one clip, i.e. at most 100 clips of
        // inference between polls. Even at a pessimistic 1 s per clip on a slow CPU that is 100 s, far below the
        // 10 minutes allowed before the group would consider the thread dead and rebalance.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 100);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                (int) Duration.ofMinutes(10).toMillis());
        // A dead letter carries a whole frame (and the frame store's changelog carries frames): the producer must
        // accept the largest frame record plus its envelope.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), ActionTopology.MAX_RECORD_BYTES);
        // An idle poll must not hold back a batch much beyond batch.max.wait.ms.
        p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(10L, Math.min(100L, config.batchMaxWait().toMillis())));
        p.putAll(config.kafkaOriginals());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, wiring.applicationId());
        // Kafka Streams' partition assignor rebuilds a StreamsConfig from the main consumer's settings only, which
        // lack this flag, and warns once per stream thread that it is off; handing the flag to the main consumer too
        // keeps the start-up log to what matters.
        Object globalHandler = p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG);
        if (globalHandler != null) {
            p.putIfAbsent(StreamsConfig.mainConsumerPrefix(
                    StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), globalHandler);
        }
        Object guarantee = p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            log.warn("processing.guarantee={} overrides exactly_once_v2: events may be duplicated or lost on failure",
                    guarantee);
        }
        return p;
    }

    public InferenceApp start() {
        log.info("starting inference application.id={} input={} output={} model={} providers={} batchMaxClips={} "
                        + "batchMaxWaitMs={}", wiring.applicationId(), wiring.framesTopic(), wiring.actionsTopic(),
                classifier.card().name(),
                classifier.providers(), classifier.maxBatchSize(), config.batchMaxWait().toMillis());
        streams.start();
        return this;
    }

    public StreamWiring wiring() {
        return wiring;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public OnnxClassifier classifier() {
        return classifier;
    }

    /** Where this application's Prometheus metrics are served, empty when {@code metrics.port} is -1. */
    public Optional<URI> metricsUrl() {
        return metrics.url();
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops processing (committing what was done), then frees the model's native resources. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean stopped = false;
        try {
            // Leaving the group lets a replacement instance take the partitions at once instead of after the
            // session timeout.
            stopped = streams.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT));
            if (!stopped) {
                log.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
            }
        } finally {
            try {
                streamsMetrics.close();
                metrics.close();
            } finally {
                try {
                    classifier.close();
                } finally {
                    closeStateMemory(stopped);
                }
            }
        }
    }

    private void closeStateMemory(boolean storesClosed) {
        if (stateMemory == null) {
            return;
        }
        if (storesClosed) {
            stateMemory.close();
        } else {
            // A store still open would read freed native memory: leaving the cache to the process's exit is safer.
            log.warn("RocksDB's shared cache is left open: Kafka Streams did not close its stores");
        }
    }

    /**
     * Runs until interrupted (Ctrl-C) or until Kafka Streams stops on its own.
     *
     * @param args optional path of a properties file
     */
    public static void main(String[] args) throws InterruptedException {
        Optional<Path> file = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
        InferenceConfig config = InferenceConfig.load(file, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        InferenceApp app = create(config);
        app.streams().setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "inference-shutdown"));
        app.start();
        stopped.await();
        if (app.streams().state() == KafkaStreams.State.ERROR) {
            log.error("Kafka Streams stopped in ERROR state");
            System.exit(1);
        }
    }
}
