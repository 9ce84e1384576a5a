package io.actionwatch.benchmark.stages;

import io.actionwatch.benchmark.stats.Summary;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kafka transfer stages against the real broker: producing frame-sized and event-sized records (idempotent,
 * acks=all, as camera and stream producers do) and consuming frame records. Each figure is wall time per record at
 * saturation, i.e. client and broker work together as the pipeline pays it on this shared machine.
 */
public final class KafkaStageBenchmark {

    private final String bootstrap;
    private final String topic;
    private final int runs;
    private final int recordsPerRun;

    public KafkaStageBenchmark(String bootstrap, String topic, int runs, int recordsPerRun) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.runs = runs;
        this.recordsPerRun = recordsPerRun;
    }

    /**
     * @param frames      serialized frame records (registry wire format)
     * @param event       one serialized action event
     * @param framesPerClip camera frames consumed per emitted clip
     */
    public List<StageBenchmark.Stage> run(byte[][] frames, byte[] event, int framesPerClip) {
        Summary produceFrames = produce(frames);
        Summary consumeFrames = consume();
        Summary produceEvents = produce(new byte[][]{event});
        return List.of(
                stage("produce frame (camera side)", "frame", produceFrames, framesPerClip),
                stage("consume frame (fetch, bytes)", "frame", consumeFrames, framesPerClip),
                stage("produce ActionEvent", "clip", produceEvents, 1));
    }

    private static StageBenchmark.Stage stage(String name, String unit, Summary micros, double perClip) {
        return new StageBenchmark.Stage(name, unit, micros, perClip, micros.median() * perClip, -1);
    }

    private Summary produce(byte[][] payloads) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FRAME_RECORD_BYTES);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] key = "cam-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sendAll(producer, payloads, key, recordsPerRun / 4);
            double[] micros = new double[runs];
            for (int r = 0; r < runs; r++) {
                long started = System.nanoTime();
                sendAll(producer, payloads, key, recordsPerRun);
                micros[r] = (System.nanoTime() - started) / 1e3 / recordsPerRun;
            }
            return Summary.of(micros);
        }
    }

    private void sendAll(KafkaProducer<byte[], byte[]> producer, byte[][] payloads, byte[] key, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, 0, key, payloads[i % payloads.length]));
        }
        producer.flush();
    }

    private Summary consume() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            // A poll may overshoot by up to max.poll.records; leave room so the last run still finds enough records.
            int perRun = (int) Math.min(recordsPerRun, end / (runs + 1) - 100);
            consumer.seekToBeginning(List.of(partition));
            readAtLeast(consumer, perRun);
            double[] micros = new double[runs];
            for (int r = 0; r < runs; r++) {
                long started = System.nanoTime();
                long read = readAtLeast(consumer, perRun);
                micros[r] = (System.nanoTime() - started) / 1e3 / read;
            }
            return Summary.of(micros);
        }
    }

    private static long readAtLeast(KafkaConsumer<byte[], byte[]> consumer, int count) {
        long read = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (read < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumed only " + read + " of " + count + " records in 60 s");
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            read += records.count();
        }
        return read;
    }
}
