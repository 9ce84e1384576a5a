package io.actionwatch.inference.app;

import io.actionwatch.inference.intake.FrameIntake;
import io.actionwatch.inference.intake.IntakeLimits;
import io.actionwatch.inference.preprocess.ImageDecoder;
import io.actionwatch.inference.preprocess.ImageIoJpegDecoder;
import io.actionwatch.inference.preprocess.JpegDecoderChoice;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferenceConfigTest {

    private static final String REGISTRY = "http://127.0.0.1:8081/apis/ccompat/v7";

    private static InferenceConfig config(Map<String, Object> extra) {
        Map<String, Object> map = new HashMap<>();
        map.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        map.putAll(extra);
        return new InferenceConfig(map);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        InferenceConfig c = config(Map.of());
        assertThat(c.modelDir()).isEqualTo(Path.of("model/reference"));
        assertThat(c.executionProviders()).containsExactly("cpu");
        assertThat(c.batchMaxClips()).as("0: chosen by execution provider").isZero();
        assertThat(c.batchMaxWait()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.reorderGraceFrames()).isEqualTo(8);
        assertThat(c.maxMissingShare()).isEqualTo(0.25);
        assertThat(c.cameraIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.allowedCameras()).isEmpty();
        assertThat(c.topK()).isEqualTo(3);
        // One stream thread per core, each calling the model with one intra-op thread.
        assertThat(c.streamThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
        assertThat(c.intraOpThreads()).isEqualTo(1);
        assertThat(c.intraOpSpinning()).isFalse();
        assertThat(c.jpegDecoder()).isEqualTo(JpegDecoderChoice.AUTO);
        assertThat(c.intakeLimits()).isEqualTo(new IntakeLimits(4 * 1024 * 1024, 7680L * 4320L));
    }

    @Test
    void imageLimitsStayWithinTheRecordLimitAndTheLargestSide() {
        assertThat(config(Map.of(InferenceConfig.FRAME_MAX_IMAGE_BYTES, Topics.MAX_FRAME_RECORD_BYTES,
                InferenceConfig.FRAME_MAX_PIXELS, "1000")).intakeLimits())
                .isEqualTo(new IntakeLimits(Topics.MAX_FRAME_RECORD_BYTES, 1000));
        assertThatThrownBy(() -> config(Map.of(InferenceConfig.FRAME_MAX_IMAGE_BYTES,
                Topics.MAX_FRAME_RECORD_BYTES + 1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(InferenceConfig.FRAME_MAX_IMAGE_BYTES);
        assertThatThrownBy(() -> config(Map.of(InferenceConfig.FRAME_MAX_PIXELS, 0L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.FRAME_MAX_PIXELS);
        assertThatThrownBy(() -> config(Map.of(InferenceConfig.FRAME_MAX_PIXELS,
                (long) FrameIntake.MAX_SIDE * FrameIntake.MAX_SIDE + 1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(InferenceConfig.FRAME_MAX_PIXELS);
    }

    @Test
    void theJpegDecoderIsChosenByNameAndAnUnknownOneIsRefused() {
        assertThat(config(Map.of(InferenceConfig.FRAME_DECODER, "ImageIO")).jpegDecoder())
                .isEqualTo(JpegDecoderChoice.IMAGEIO);
        try (ImageDecoder decoder = JpegDecoderChoice.IMAGEIO.resolve().get()) {
            assertThat(decoder).isInstanceOf(ImageIoJpegDecoder.class);
        }
        assertThatThrownBy(() -> config(Map.of(InferenceConfig.FRAME_DECODER, "nvjpeg")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.FRAME_DECODER);
    }

    @Test
    void invalidValuesAreRejectedWithTheKeyNamed() {
        assertThatThrownBy(() -> config(Map.of(InferenceConfig.BATCH_MAX_CLIPS, -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.BATCH_MAX_CLIPS);
        assertThatThrownBy(() -> config(Map.of(InferenceConfig.CLIP_MAX_MISSING_SHARE, 1.5)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.CLIP_MAX_MISSING_SHARE);
        assertThatThrownBy(() -> config(Map.of(InferenceConfig.EXECUTION_PROVIDERS, "cpu,quantum")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(InferenceConfig.EXECUTION_PROVIDERS);
        assertThatThrownBy(() -> new InferenceConfig(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RegistrySerdeConfig.SCHEMA_REGISTRY_URL);
    }

    @Test
    void intraOpThreadsShareTheCoresAmongStreamThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(config(Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2")).intraOpThreads())
                .isEqualTo(Math.max(1, cores / 2));
        assertThat(config(Map.of(InferenceConfig.INTRA_OP_THREADS, 3)).intraOpThreads()).isEqualTo(3);
    }

    @Test
    void streamsConfigIsExactlyOnceWithRoomForFrameSizedRecordsAndSlowBatches() {
        InferenceConfig c = config(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092"));
        Properties p = InferenceApp.streamsConfig(c, StreamWiring.live(c));
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("b:9092");
        assertThat((int) p.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
                .isGreaterThan(Topics.MAX_FRAME_RECORD_BYTES);
        assertThat((int) p.get(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)))
                .isGreaterThanOrEqualTo((int) Duration.ofMinutes(5).toMillis());
        assertThat(p).doesNotContainKeys(InferenceConfig.MODEL_DIR, InferenceConfig.BATCH_MAX_CLIPS);
        // Streams accepts the result as a whole.
        new StreamsConfig(p);
    }

    @Test
    void theGlobalProcessingExceptionHandlerFlagReachesThePartitionAssignorsConfigToo() {
        String flag = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;
        InferenceConfig c = config(Map.of(flag, true, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092"));
        Properties p = InferenceApp.streamsConfig(c, StreamWiring.live(c));
        // The assignor builds its StreamsConfig from these; without the flag there it warns that it is off.
        Map<String, Object> mainConsumer = new StreamsConfig(p).getMainConsumerConfigs("group", "client", 0);
        assertThat(mainConsumer.get(flag)).isEqualTo(true);
    }

    @Test
    void kafkaKeysOverrideTheDeliberateDefaults() {
        InferenceConfig c = config(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "inference-b",
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4",
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), "10"));
        Properties p = InferenceApp.streamsConfig(c, StreamWiring.live(c));
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("inference-b");
        assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("4");
        assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG))).isEqualTo("10");
    }

    @Test
    void serdeConfigCarriesTheRegistrySettings() {
        Map<String, Object> serde = config(Map.of(RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, false)).serdeConfig();
        assertThat(serde).containsEntry(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY)
                .containsEntry(RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, false)
                .containsKeys(RegistrySerdeConfig.RETRY_TIMEOUT_MS, RegistrySerdeConfig.RETRY_BACKOFF_MS);
    }

    @Test
    void knownKeysCoverOwnAndKafkaKeysForEnvironmentOverrides() {
        Set<String> keys = InferenceConfig.knownKeys();
        assertThat(keys).contains(InferenceConfig.MODEL_DIR, RegistrySerdeConfig.SCHEMA_REGISTRY_URL,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
    }

    @Test
    void loadsClasspathDefaultsThenFileThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("inference.properties");
        Files.writeString(file, "batch.max.clips=4\ntop.k=2\nbootstrap.servers=file:9092\n");
        InferenceConfig c = InferenceConfig.load(Optional.of(file), Map.of(
                "ACTIONWATCH_TOP_K", "5",
                "ACTIONWATCH_NUM_STREAM_THREADS", "2",
                "ACTIONWATCH_CAMERAS_ALLOWED", "cam-1,cam-2"));
        assertThat(c.batchMaxClips()).as("file over classpath default").isEqualTo(4);
        assertThat(c.topK()).as("environment over file").isEqualTo(5);
        assertThat(c.allowedCameras()).containsExactlyInAnyOrder("cam-1", "cam-2");
        assertThat(c.getString(RegistrySerdeConfig.SCHEMA_REGISTRY_URL)).as("classpath default").isEqualTo(REGISTRY);
        Properties p = InferenceApp.streamsConfig(c, StreamWiring.live(c));
        assertThat(p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("file:9092");
        assertThat(String.valueOf(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG))).isEqualTo("2");
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).as("the live id when nothing sets one")
                .isEqualTo(StreamWiring.LIVE_APPLICATION_ID);
        assertThat(List.of(c.modelDir())).containsExactly(Path.of("model/reference"));
    }
}
