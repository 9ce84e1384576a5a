package io.actionwatch.ingest.publish;

import io.actionwatch.serde.RegistryAvroSerializer;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka producer settings for JPEG frames. */
public final class FrameProducerConfig {

    /**
     * The producer's own buffer; the camera's sender keeps at most {@link FrameSender#WINDOW_BYTES} in it, so send()
     * never waits for room. Frames beyond that wait in the camera's spool.
     */
    static final long BUFFER_MEMORY = 32L * 1024 * 1024;
    /**
     * Frames handed to the producer are retried until the broker is back, however long it is away: the spool
     * bounds what a camera holds, not a timeout (a frame that timed out here would be lost).
     */
    static final int DELIVERY_TIMEOUT_MS = Integer.MAX_VALUE;
    static final int REQUEST_TIMEOUT_MS = 15_000;
    /** How long the sender may wait for the topic's metadata before trying again (capture never waits for it). */
    static final int MAX_BLOCK_MS = 5_000;

    private FrameProducerConfig() {
    }

    /**
     * Idempotent, acks=all (no loss or duplicates on retry); no compression (JPEG does not compress; lz4 measured
     * no gain); large batches with a short linger (frames of many cameras share requests without adding latency);
     * requests as large as the largest frame record.
     */
    public static Map<String, Object> forCamera(CameraSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "camera-" + settings.cameraId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FRAME_RECORD_BYTES);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, RegistryAvroSerializer.class);
        config.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistryUrl());
        config.putAll(settings.producerOverrides());
        return config;
    }
}
