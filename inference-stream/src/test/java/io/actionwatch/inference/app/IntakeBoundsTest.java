package io.actionwatch.inference.app;

import io.actionwatch.inference.intake.RejectionKind;
import io.actionwatch.inference.testing.ScriptedSchemaRegistry;
import io.actionwatch.inference.testing.TestCards;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.FrameLimits;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.PayloadErrorKind;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each bound on what a camera sends (issue 9: metadata entries, key and value lengths and characters, total size;
 * codec length; encoded image bytes; declared pixels; lengths inside the Avro payload) turns a frame past it into a
 * dead letter of its kind whose reason names the limit and the measured value, and the good frames around it make
 * exactly the events they make without it.
 */
class IntakeBoundsTest {

    private static final String CAMERA = "cam-a";
    /** Frames 0..15: two whole clips of the T=4, every-2nd-frame, stride-4 card. */
    private static final int FRAMES = 16;

    private static ScriptedSchemaRegistry registry;

    @TempDir
    Path state;

    @BeforeAll
    static void startRegistry() {
        registry = ScriptedSchemaRegistry.start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void metadataPastEachLimitIsAnInvalidMetadataDeadLetter() {
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= FrameLimits.MAX_METADATA_ENTRIES; i++) {
            tooMany.put("k" + i, "v");
        }
        Map<String, String> tooManyBytes = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            tooManyBytes.put("k" + i, "v".repeat(FrameLimits.MAX_METADATA_VALUE_CHARS));
        }
        List<Map<String, String>> bad = List.of(
                tooMany,
                Map.of("k".repeat(10_000), "v"),
                Map.of("note", "v".repeat(100_000)),
                tooManyBytes,
                Map.of("la\nbel", "waving"),
                Map.of("label", "waving\r\n2030-01-01 INFO forged line"),
                Map.of("", "v"));
        List<TestRecord<byte[], DeadLetter>> letters = withBadFramesBefore(Map.of(), h -> bad.stream()
                .map(metadata -> {
                    VideoFrame frame = h.frame(CAMERA, 0, "waving");
                    frame.setMetadata(metadata);
                    return frame;
                }).toList());

        assertThat(letters).extracting(r -> r.value().getErrorKind())
                .containsOnly(RejectionKind.INVALID_METADATA.name()).hasSize(bad.size());
        assertThat(messages(letters)).containsExactly(
                "metadata has 65 entries; at most 64 are allowed",
                "metadata key is 10000 characters long; at most 128 are allowed (key: " + "k".repeat(128)
                        + "...(9872 more chars))",
                "metadata value of key note is 100000 characters long; at most 1024 are allowed",
                "metadata is 20530 bytes (keys and values, UTF-8); at most 16384 are allowed",
                "metadata key has a control character U+000A at position 2; keys must be printable and without "
                        + "whitespace (key: la\\u000Abel)",
                "metadata value of key label has a control character U+000D at position 6; values must be "
                        + "printable text",
                "metadata has an empty key");
    }

    @Test
    void aCodecPastItsLengthIsUnsupportedAndNamedByItsLengthOnly() {
        List<TestRecord<byte[], DeadLetter>> letters = withBadFramesBefore(Map.of(), h -> List.of(
                codec(h.frame(CAMERA, 0, "waving"), "j".repeat(FrameLimits.MAX_CODEC_CHARS + 1)),
                codec(h.frame(CAMERA, 0, "waving"), "jpeg" + "x".repeat(1_000_000))));
        assertThat(letters).extracting(r -> r.value().getErrorKind())
                .containsExactly(RejectionKind.UNSUPPORTED_CODEC.name(), RejectionKind.UNSUPPORTED_CODEC.name());
        assertThat(messages(letters)).containsExactly(
                "codec is 17 characters long; at most 16 are allowed",
                "codec is 1000004 characters long; at most 16 are allowed");
    }

    @Test
    void anEmptyImageIsUndecodableAndOneOverTheByteLimitIsTooLarge() {
        Map<String, Object> limit = Map.of(InferenceConfig.FRAME_MAX_IMAGE_BYTES, 4096);
        List<TestRecord<byte[], DeadLetter>> letters = withBadFramesBefore(limit, h -> {
            VideoFrame empty = h.frame(CAMERA, 0, "waving");
            empty.setData(ByteBuffer.allocate(0));
            VideoFrame padded = h.frame(CAMERA, 0, "waving");
            byte[] jpeg = bytes(padded.getData());
            padded.setData(ByteBuffer.wrap(Arrays.copyOf(jpeg, 4097)));
            VideoFrame atLimit = h.frame(CAMERA, 0, "waving");
            // Trailing bytes after the image's end: within the limit, so it is decoded, and it decodes.
            atLimit.setData(ByteBuffer.wrap(Arrays.copyOf(jpeg, 4096)));
            return List.of(empty, padded, atLimit);
        });
        assertThat(letters).extracting(r -> r.value().getErrorKind()).containsExactly(
                RejectionKind.UNDECODABLE_IMAGE.name(), RejectionKind.IMAGE_TOO_LARGE.name());
        assertThat(messages(letters)).containsExactly("frame has no image data",
                "encoded image is 4097 bytes; at most 4096 are allowed");
    }

    @Test
    void theDefaultByteLimitIsFourMebibytes() {
        List<TestRecord<byte[], DeadLetter>> letters = withBadFramesBefore(Map.of(), h -> {
            VideoFrame huge = h.frame(CAMERA, 0, "waving");
            huge.setData(ByteBuffer.wrap(Arrays.copyOf(bytes(huge.getData()), 4 * 1024 * 1024 + 1)));
            return List.of(huge);
        });
        assertThat(letters).singleElement().satisfies(r -> {
            assertThat(r.value().getErrorKind()).isEqualTo(RejectionKind.IMAGE_TOO_LARGE.name());
            assertThat(r.value().getErrorMessage()).isEqualTo("encoded image is 4194305 bytes; at most 4194304 are "
                    + "allowed");
        });
    }

    @Test
    void aSmallJpegDeclaringAHugeImageIsRefusedBeforeItIsDecoded() {
        // A ~600-byte JPEG whose header and frame both say 16000x16000: decoding it would size 768 MB of pixels.
        List<TestRecord<byte[], DeadLetter>> letters = withBadFramesBefore(Map.of(), h -> {
            VideoFrame huge = h.frame(CAMERA, 0, "waving");
            huge.setData(ByteBuffer.wrap(declaring(bytes(huge.getData()), 16_000, 16_000)));
            huge.setWidth(16_000);
            huge.setHeight(16_000);
            return List.of(huge);
        });
        assertThat(letters).singleElement().satisfies(r -> {
            assertThat(r.value().getErrorKind()).isEqualTo(RejectionKind.IMAGE_TOO_LARGE.name());
            assertThat(r.value().getErrorMessage()).isEqualTo("declared size 16000x16000 is 256000000 pixels; at "
                    + "most 33177600 are allowed");
        });
    }

    @Test
    void thePixelLimitIsASetting() {
        long frame = (long) TopologyHarness.WIDTH * TopologyHarness.HEIGHT;
        Map<String, Object> limit = Map.of(InferenceConfig.FRAME_MAX_PIXELS, frame);
        List<TestRecord<byte[], DeadLetter>> letters = withBadFramesBefore(limit, h -> {
            VideoFrame wider = h.frame(CAMERA, 0, "waving");
            wider.setData(ByteBuffer.wrap(declaring(bytes(wider.getData()), TopologyHarness.WIDTH + 1,
                    TopologyHarness.HEIGHT)));
            wider.setWidth(TopologyHarness.WIDTH + 1);
            return List.of(wider);
        });
        assertThat(letters).extracting(r -> r.value().getErrorMessage()).containsExactly("declared size 17x12 is 204 "
                + "pixels; at most 192 are allowed");
    }

    @Test
    void aPayloadDeclaringAGibibyteIsAnUnreadablePayloadAndTheStreamGoesOn() {
        List<TestRecord<byte[], DeadLetter>> letters = withBadPayloadsBefore(h -> {
            byte[] header = Arrays.copyOf(h.encode(h.frame(CAMERA, 0, "waving")), 5);
            return List.of(
                    crafted(header, e -> {
                        e.writeLong(1L << 30); // the codec's length
                        e.writeFixed("jpeg".getBytes(StandardCharsets.UTF_8));
                    }),
                    crafted(header, e -> {
                        e.writeString("jpeg");
                        e.writeInt(TopologyHarness.WIDTH);
                        e.writeInt(TopologyHarness.HEIGHT);
                        e.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
                        e.writeLong(1L << 30); // the metadata's entry count, then one entry
                        e.writeString("label");
                        e.writeString("waving");
                        e.writeLong(0);
                        e.writeLong(0);
                    }));
        });
        assertThat(letters).extracting(r -> r.value().getErrorKind()).containsExactly(
                PayloadErrorKind.UNREADABLE_PAYLOAD.name(), PayloadErrorKind.UNREADABLE_PAYLOAD.name());
        assertThat(messages(letters)).allSatisfy(m -> assertThat(m).contains("declares 1073741824"));
    }

    /**
     * Sends frames 0..15 of {@link #CAMERA}, the bad frames {@code bad} makes before frame 0 (whatever sequence they
     * carry, they never reach a clip), and checks that the events and the clips classified are those of the good
     * frames alone.
     *
     * @return the dead letters
     */
    private List<TestRecord<byte[], DeadLetter>> withBadFramesBefore(Map<String, Object> overrides,
                                                                   Function<TopologyHarness, List<VideoFrame>> bad) {
        return withBadPayloadsBefore(overrides, h -> bad.apply(h).stream().map(h::encode).toList());
    }

    private List<TestRecord<byte[], DeadLetter>> withBadPayloadsBefore(
            Function<TopologyHarness, List<byte[]>> bad) {
        return withBadPayloadsBefore(Map.of(), bad);
    }

    private List<TestRecord<byte[], DeadLetter>> withBadPayloadsBefore(Map<String, Object> overrides,
                                                                     Function<TopologyHarness, List<byte[]>> bad) {
        List<String> clean;
        List<List<Integer>> cleanClips;
        try (TopologyHarness h = harness(overrides, "clean")) {
            h.sendRange(CAMERA, 0, FRAMES);
            clean = summaries(h.events());
            cleanClips = h.classifier.clips();
            assertThat(h.deadLetters.isEmpty()).isTrue();
        }
        assertThat(clean).as("the good frames make two clips").hasSize(2);
        try (TopologyHarness h = harness(overrides, "with-bad")) {
            byte[] key = CAMERA.getBytes(StandardCharsets.UTF_8);
            for (byte[] payload : bad.apply(h)) {
                h.frames.pipeInput(key, payload, TopologyHarness.START);
            }
            h.sendRange(CAMERA, 0, FRAMES);
            assertThat(summaries(h.events())).as("events of the good frames").isEqualTo(clean);
            assertThat(h.classifier.clips()).isEqualTo(cleanClips);
            List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
            assertThat(letters).allSatisfy(r -> {
                assertThat(r.value().getErrorMessage()).as("reasons are bounded and on one line")
                        .hasSizeLessThan(400).doesNotContain("\n", "\r");
                assertThat(r.key()).isEqualTo(key);
            });
            for (TestRecord<byte[], DeadLetter> letter : letters) {
                assertThat(h.deadLetters(letter.value().getErrorKind())).as("counted by kind").isPositive();
            }
            return letters;
        }
    }

    private TopologyHarness harness(Map<String, Object> overrides, String name) {
        return new TopologyHarness(registry, TestCards.card(4, 2, 4), overrides, state.resolve(name));
    }

    private static List<String> summaries(List<ActionEvent> events) {
        return events.stream().map(e -> e.getEventId() + " " + e.getFirstSequence() + ".." + e.getLastSequence()
                + " " + e.getLabel() + " " + e.getScore() + " missing=" + e.getMissingFrames() + " truth="
                + e.getGroundTruth()).toList();
    }

    private static List<String> messages(List<TestRecord<byte[], DeadLetter>> letters) {
        return letters.stream().map(r -> r.value().getErrorMessage()).toList();
    }

    private static VideoFrame codec(VideoFrame frame, String codec) {
        frame.setCodec(codec);
        return frame;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    /** {@code jpeg} with its frame header (SOF0) saying {@code width}x{@code height}; the scan is unchanged. */
    private static byte[] declaring(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new IllegalArgumentException("no baseline frame header in the JPEG");
    }

    /** A wire-format VideoFrame: {@code header}, camera, sequence 0, capture time START, then what {@code rest} writes. */
    private static byte[] crafted(byte[] header, EncoderWrites rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeString(CAMERA);
            encoder.writeLong(0);
            encoder.writeLong(TopologyHarness.START.toEpochMilli());
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
}
