package io.actionwatch.ingest.publish;

import io.actionwatch.ingest.spool.SpoolSettings;
import io.actionwatch.schemas.CameraIds;
import io.actionwatch.topics.Topics;
import io.actionwatch.serde.RegistrySerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import java.util.Objects;

/**
 * How one camera publishes.
 *
 * @param cameraId the camera's id: record key and {@code VideoFrame.cameraId}
 * @param bootstrapServers Kafka bootstrap servers
 * @param schemaRegistryUrl Confluent-API registry base URL, e.g. http://127.0.0.1:8081/apis/ccompat/v7
 * @param topic where frames go (normally {@link Topics#FRAMES})
 * @param fps frames per second; {@code <= 0} publishes as fast as possible (tests, benchmarks)
 * @param framesLimit stop after this many captured frames; {@code <= 0} for no limit
 * @param startSequence sequence number of the first frame (0 for a new camera)
 * @param jpegQuality JPEG quality in percent
 * @param producerOverrides any Kafka producer settings, applied over the frame-tuned defaults
 * @param spool bounds of the frames kept while the broker cannot take them
 */
public record CameraSettings(String cameraId, String bootstrapServers, String schemaRegistryUrl, String topic,
                             double fps, long framesLimit, long startSequence, int jpegQuality,
                             Map<String, Object> producerOverrides, SpoolSettings spool) {

    public static final double DEFAULT_FPS = 15;
    public static final int DEFAULT_JPEG_QUALITY = 85;

    public CameraSettings {
        // The rule the stream application applies at intake: a camera with an id it would refuse must not start.
        CameraIds.problem(cameraId).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(topic, "topic");
        if (Double.isNaN(fps) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be a finite number, got " + fps);
        }
        if (startSequence < 0) {
            throw new IllegalArgumentException("start sequence must be >= 0, got " + startSequence);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + jpegQuality);
        }
        producerOverrides = Map.copyOf(producerOverrides);
        Objects.requireNonNull(spool, "spool");
    }

    /** A camera publishing to {@code frames.v1} at 15 fps, JPEG quality 85, without frame limit. */
    public static CameraSettings of(String cameraId, String bootstrapServers, String schemaRegistryUrl) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, Topics.FRAMES, DEFAULT_FPS, 0, 0,
                DEFAULT_JPEG_QUALITY, Map.of(), SpoolSettings.defaults());
    }

    /**
     * As {@link #of(String, String, String)}, from a client settings map: its {@code bootstrap.servers} and
     * {@code schema.registry.url}, everything else (security, serde settings) handed to the producer as is.
     */
    public static CameraSettings of(String cameraId, Map<String, Object> client) {
        Map<String, Object> overrides = new HashMap<>(client);
        Object bootstrap = overrides.remove(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        Object registry = overrides.remove(RegistrySerdeConfig.SCHEMA_REGISTRY_URL);
        if (bootstrap == null || registry == null) {
            throw new IllegalArgumentException("client settings need " + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                    + " and " + RegistrySerdeConfig.SCHEMA_REGISTRY_URL);
        }
        return of(cameraId, bootstrap.toString(), registry.toString()).withProducerOverrides(overrides);
    }

    public CameraSettings withFps(double newFps) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, newFps, framesLimit,
                startSequence, jpegQuality, producerOverrides, spool);
    }

    public CameraSettings withFramesLimit(long limit) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, fps, limit, startSequence,
                jpegQuality, producerOverrides, spool);
    }

    public CameraSettings withStartSequence(long start) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, fps, framesLimit, start,
                jpegQuality, producerOverrides, spool);
    }

    public CameraSettings withJpegQuality(int quality) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, fps, framesLimit,
                startSequence, quality, producerOverrides, spool);
    }

    public CameraSettings withTopic(String newTopic) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, newTopic, fps, framesLimit,
                startSequence, jpegQuality, producerOverrides, spool);
    }

    public CameraSettings withProducerOverrides(Map<String, Object> overrides) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, fps, framesLimit,
                startSequence, jpegQuality, overrides, spool);
    }

    public CameraSettings withSpool(SpoolSettings newSpool) {
        return new CameraSettings(cameraId, bootstrapServers, schemaRegistryUrl, topic, fps, framesLimit,
                startSequence, jpegQuality, producerOverrides, newSpool);
    }

    /** Whether frames are published at {@link #fps()} (false: as fast as possible). */
    public boolean paced() {
        return fps > 0;
    }
}
