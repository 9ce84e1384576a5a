package io.actionwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryAvroSerdeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCHEMA_ID = Pattern.compile("/schemas/ids/(\\d+)");

    private final ScriptedRegistry registry = ScriptedRegistry.start();

    @AfterEach
    void stop() {
        registry.close();
    }

    /** Every registration gets {@code id}; GET /schemas/ids/{id} answers {@code schema}. */
    private void serve(int id, Schema schema) {
        registry.answer(request -> {
            if (request.method().equals("POST")) {
                return new ScriptedRegistry.Answer(200, "{\"id\":" + id + "}");
            }
            Matcher matcher = SCHEMA_ID.matcher(request.path());
            if (matcher.matches() && Integer.parseInt(matcher.group(1)) == id) {
                return new ScriptedRegistry.Answer(200, json(Map.of("schema", schema.toString())));
            }
            return new ScriptedRegistry.Answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        });
    }

    private Map<String, Object> config() {
        return Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                RegistrySerdeConfig.RETRY_TIMEOUT_MS, "1000",
                RegistrySerdeConfig.RETRY_BACKOFF_MS, "10");
    }

    @Test
    void writesExactConfluentWireBytes() {
        serve(42, LabelScore.getClassSchema());
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(), false)) {
            byte[] bytes = serde.serializer().serialize("actions.v1", new LabelScore("walk", 0.5f));
            assertThat(bytes).containsExactly(
                    0x00, 0x00, 0x00, 0x00, 0x2A,           // magic byte, schema id 42 big-endian
                    0x08, 'w', 'a', 'l', 'k',               // string: zig-zag length 4, UTF-8
                    0x00, 0x00, 0x00, 0x3F);                // float 0.5, little-endian IEEE 754
        }
        assertThat(registry.requests()).extracting(ScriptedRegistry.Request::path)
                .containsExactly("/subjects/actions.v1-value/versions");
    }

    @Test
    void keySerdeUsesKeySubject() {
        serve(3, LabelScore.getClassSchema());
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(), true)) {
            serde.serializer().serialize("alerts.v1", new LabelScore("x", 1f));
        }
        assertThat(registry.requests()).extracting(ScriptedRegistry.Request::path)
                .containsExactly("/subjects/alerts.v1-key/versions");
    }

    @Test
    void recordNameStrategyUsesTheRecordsSubjectForValuesOnly() {
        serve(5, LabelScore.getClassSchema());
        Map<String, Object> byRecord = new java.util.HashMap<>(config());
        byRecord.put(RegistrySerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, RegistrySerdeConfig.RECORD_NAME_STRATEGY);
        try (Serde<LabelScore> values = AvroSerdes.specific(LabelScore.class, byRecord, false);
             Serde<LabelScore> keys = AvroSerdes.specific(LabelScore.class, byRecord, true)) {
            values.serializer().serialize("actions.replay.m-1.v1", new LabelScore("x", 1f));
            keys.serializer().serialize("actions.replay.m-1.v1", new LabelScore("x", 1f));
        }
        assertThat(registry.requests()).extracting(ScriptedRegistry.Request::path).containsExactly(
                "/subjects/" + LabelScore.getClassSchema().getFullName() + "/versions",
                "/subjects/actions.replay.m-1.v1-key/versions");
    }

    @Test
    void readsExactWireBytes() {
        serve(42, LabelScore.getClassSchema());
        byte[] bytes = {0, 0, 0, 0, 42, 0x08, 'w', 'a', 'l', 'k', 0, 0, 0, 0x3F};
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(), false)) {
            assertThat(serde.deserializer().deserialize("actions.v1", bytes)).isEqualTo(new LabelScore("walk", 0.5f));
        }
    }

    @Test
    void roundTripsAFrameWithLogicalTypesAndMetadata() {
        serve(9, VideoFrame.getClassSchema());
        VideoFrame frame = frame(17);
        try (Serde<VideoFrame> serde = AvroSerdes.specific(VideoFrame.class, config(), false)) {
            byte[] bytes = serde.serializer().serialize("frames.v1", frame);
            VideoFrame read = serde.deserializer().deserialize("frames.v1", bytes);
            assertThat(read).isEqualTo(frame);
            assertThat(read.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
            assertThat(read.getMetadata()).containsEntry("label", "waving");
        }
    }

    @Test
    void steadyStateMakesNoRegistryCalls() {
        serve(9, VideoFrame.getClassSchema());
        try (Serde<VideoFrame> writer = AvroSerdes.specific(VideoFrame.class, config(), false);
             Serde<VideoFrame> reader = AvroSerdes.specific(VideoFrame.class, config(), false)) {
            byte[] first = writer.serializer().serialize("frames.v1", frame(1));
            reader.deserializer().deserialize("frames.v1", first);
            int afterFirst = registry.requests().size();
            assertThat(afterFirst).isEqualTo(2); // one register by the writer, one fetch by the separate reader
            for (int i = 2; i < 50; i++) {
                byte[] bytes = writer.serializer().serialize("frames.v1", frame(i));
                assertThat(reader.deserializer().deserialize("frames.v1", bytes).getSequence()).isEqualTo(i);
            }
            assertThat(registry.requests()).hasSize(afterFirst);
        }
    }

    @Test
    void notWireFormatFailsWithoutCallingTheRegistry() {
        serve(1, LabelScore.getClassSchema());
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(), false)) {
            Deserializer<LabelScore> deserializer = serde.deserializer();
            for (byte[] payload : new byte[][] {null, {0, 0, 1}, {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0, 0}}) {
                assertThatThrownBy(() -> deserializer.deserialize("actions.v1", payload))
                        .isInstanceOfSatisfying(PayloadException.class,
                                e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.NOT_WIRE_FORMAT));
            }
        }
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void unknownSchemaIdIsReported() {
        serve(1, LabelScore.getClassSchema());
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(), false)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("actions.v1", new byte[] {0, 0, 0, 0, 77, 2, 'a', 0, 0, 0, 0}))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.UNKNOWN_SCHEMA_ID))
                    .hasMessageContaining("77");
        }
    }

    @Test
    void truncatedBodyIsUnreadable() {
        serve(42, LabelScore.getClassSchema());
        byte[] truncated = {0, 0, 0, 0, 42, 0x08, 'w', 'a'};
        assertUnreadable(truncated, "actions.v1");
    }

    @Test
    void leftoverBytesAreUnreadable() {
        serve(42, LabelScore.getClassSchema());
        byte[] tooLong = {0, 0, 0, 0, 42, 0x02, 'w', 0, 0, 0, 0x3F, 1, 2, 3};
        assertUnreadable(tooLong, "left over");
    }

    @Test
    void writerSchemaThatCannotBeReadAsReaderIsUnreadable() {
        Schema unrelated = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"LabelScore\",\"namespace\":"
                + "\"io.actionwatch.schemas\",\"fields\":[{\"name\":\"other\",\"type\":\"int\"}]}");
        serve(5, unrelated);
        assertUnreadable(new byte[] {0, 0, 0, 0, 5, 0x02}, "LabelScore");
    }

    private void assertUnreadable(byte[] payload, String detail) {
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(), false)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("actions.v1", payload))
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.UNREADABLE_PAYLOAD))
                    .hasMessageContaining(detail);
        }
    }

    /**
     * Wire-format payloads of a few dozen bytes whose body declares a 1 GiB string or bytes value, or a map of 2^30
     * entries, as a hostile camera could send: unreadable, and the reader allocates nothing near what they declare
     * (Avro's own decoder allocates the declared size first).
     */
    @Test
    void lengthsAndCountsPastThePayloadAreUnreadableWithoutAllocatingWhatTheyDeclare() {
        serve(9, VideoFrame.getClassSchema());
        try (Serde<VideoFrame> serde = AvroSerdes.specific(VideoFrame.class, config(), false)) {
            Deserializer<VideoFrame> deserializer = serde.deserializer();
            // A good frame first, so the schema fetch is not part of what is measured.
            deserializer.deserialize("frames.v1", serde.serializer().serialize("frames.v1", frame(1)));
            long gib = 1L << 30;
            byte[] hugeCodec = craftedFrame(e -> {
                e.writeLong(gib); // the codec string's length
                e.writeFixed("jpeg".getBytes(StandardCharsets.UTF_8));
            });
            byte[] hugeImage = craftedFrame(e -> {
                e.writeString("jpeg");
                e.writeInt(4);
                e.writeInt(3);
                e.writeLong(gib); // the image's length
                e.writeFixed(new byte[] {(byte) 0xFF, (byte) 0xD8});
            });
            byte[] hugeMap = craftedFrame(e -> {
                e.writeString("jpeg");
                e.writeInt(4);
                e.writeInt(3);
                e.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
                e.writeLong(gib); // the metadata's entry count, then one entry
                e.writeString("k");
                e.writeString("v");
                e.writeLong(0);
                e.writeLong(0);
            });
            for (byte[] payload : List.of(hugeCodec, hugeImage, hugeMap)) {
                assertThat(payload).hasSizeLessThan(48);
                long allocated = ThreadAllocation.during(() ->
                        assertThatThrownBy(() -> deserializer.deserialize("frames.v1", payload))
                                .isInstanceOfSatisfying(PayloadException.class,
                                        e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.UNREADABLE_PAYLOAD))
                                .hasMessageContaining("declares 1073741824"));
                assertThat(allocated).as("bytes allocated refusing a payload of " + payload.length + " bytes")
                        .isLessThan(1 << 20);
            }
            assertThat(deserializer.deserialize("frames.v1", serde.serializer().serialize("frames.v1", frame(2))))
                    .as("the deserializer reads on").isEqualTo(frame(2));
        }
    }

    /** A VideoFrame payload (schema id 9): camera id, sequence and capture time, then what {@code rest} writes. */
    private static byte[] craftedFrame(EncoderWrites rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 9});
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeString("cam-1");
            encoder.writeLong(1);
            encoder.writeLong(1_700_000_000_123L);
            rest.write(encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface EncoderWrites {
        void write(BinaryEncoder encoder) throws IOException;
    }

    @Test
    void nullRecordIsATombstone() {
        try (Serde<LabelScore> serde = AvroSerdes.specific(LabelScore.class, config(), false)) {
            assertThat(serde.serializer().serialize("actions.v1", null)).isNull();
        }
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void configuredByClassNameLikeKafkaDoes() {
        serve(11, LabelScore.getClassSchema());
        Map<String, Object> config = new java.util.HashMap<>(config());
        config.put(RegistrySerdeConfig.SPECIFIC_VALUE_TYPE, LabelScore.class.getName());
        try (Serializer<LabelScore> serializer = new RegistryAvroSerializer<>();
             Deserializer<LabelScore> deserializer = new RegistryAvroDeserializer<>()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            byte[] bytes = serializer.serialize("t", new LabelScore("sitting_down", 0.25f));
            assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 11);
            assertThat(deserializer.deserialize("t", bytes)).isEqualTo(new LabelScore("sitting_down", 0.25f));
        }
    }

    @Test
    void deserializerByClassNameWithoutTypeIsAConfigError() {
        try (Deserializer<LabelScore> deserializer = new RegistryAvroDeserializer<>()) {
            assertThatThrownBy(() -> deserializer.configure(config(), false))
                    .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                    .hasMessageContaining(RegistrySerdeConfig.SPECIFIC_VALUE_TYPE);
        }
    }

    @Test
    void missingRegistryUrlIsAConfigError() {
        assertThatThrownBy(() -> AvroSerdes.specific(LabelScore.class, Map.of(), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining(RegistrySerdeConfig.SCHEMA_REGISTRY_URL);
    }

    private static VideoFrame frame(long sequence) {
        return VideoFrame.newBuilder()
                .setCameraId("cam-1")
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_123L))
                .setWidth(320)
                .setHeight(240)
                .setData(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9}))
                .setMetadata(Map.of("label", "waving"))
                .build();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
