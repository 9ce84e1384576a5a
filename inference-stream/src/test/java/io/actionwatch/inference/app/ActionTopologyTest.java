package io.actionwatch.inference.app;

import io.actionwatch.metrics.MetricNames;
import io.actionwatch.inference.event.EventIds;
import io.actionwatch.inference.state.ClipCursor;
import io.actionwatch.inference.state.ClipCursorSerde;
import io.actionwatch.inference.state.FrameKeys;
import io.actionwatch.inference.testing.ScriptedSchemaRegistry;
import io.actionwatch.inference.testing.TestCards;
import io.actionwatch.inference.testing.TestJpegs;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.CameraIds;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.topics.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The topology's clip logic end to end on TopologyTestDriver: real serdes and wire format (scripted registry), real
 * JPEG decoding and preprocessing, and a classifier that reports which frames each clip was built from.
 */
class ActionTopologyTest {

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

    /** T=4 of every 2nd frame, stride 4: clip k is sequences 8k, 8k+2, 8k+4, 8k+6. */
    private TopologyHarness nonOverlapping(Map<String, Object> overrides) {
        return new TopologyHarness(registry, TestCards.card(4, 2, 4), overrides, state);
    }

    private static List<Long> firstSequences(List<ActionEvent> events) {
        return events.stream().map(ActionEvent::getFirstSequence).toList();
    }

    @Test
    void emitsOneEventPerClipAtItsBoundariesAndDeletesFramesNoClipNeeds() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.sendRange("cam-a", 0, 22);
            assertThat(h.events()).as("clip 2 lacks sequence 22").hasSize(2);
            h.send("cam-a", 23);
            assertThat(h.events()).isEmpty();
            h.send("cam-a", 22);
            List<ActionEvent> events = h.events();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).getFirstSequence()).isEqualTo(16);
            assertThat(events.get(0).getLastSequence()).isEqualTo(22);
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7),
                    List.of(8, 9, 10, 11));
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).as("every stored frame was used up").isZero();
            assertThat(h.storeSize(ActionTopology.CURSOR_STORE)).isEqualTo(1);
        }
    }

    @Test
    void eventCarriesClipRangeTimesGroundTruthAndModel() {
        try (TopologyHarness h = nonOverlapping(Map.of(InferenceConfig.TOP_K, 2))) {
            for (long s = 0; s < 8; s++) {
                h.send(h.frame("cam-a", s, "falling_down"));
            }
            h.send(h.frame("cam-a", 8, "falling_down"));
            h.send(h.frame("cam-a", 10, "getting_up"));
            h.send(h.frame("cam-a", 12, "getting_up"));
            h.send(h.frame("cam-a", 14, "getting_up"));
            List<TestRecord<String, ActionEvent>> records = h.actions.readRecordsToList();
            assertThat(records).hasSize(2);
            TestRecord<String, ActionEvent> first = records.get(0);
            ActionEvent event = first.value();
            assertThat(first.key()).isEqualTo("cam-a");
            assertThat(first.timestamp()).isEqualTo(TopologyHarness.START.plusMillis(6 * 66).toEpochMilli());
            assertThat(event.getClipStartTime()).isEqualTo(TopologyHarness.START);
            assertThat(event.getClipEndTime()).isEqualTo(TopologyHarness.START.plusMillis(6 * 66));
            assertThat(event.getFrameCount()).isEqualTo(4);
            assertThat(event.getMissingFrames()).isZero();
            assertThat(event.getGroundTruth()).isEqualTo("falling_down");
            assertThat(event.getLabel()).isEqualTo(TestCards.LABELS.get(0));
            assertThat(event.getTopK()).hasSize(2);
            assertThat(event.getModelName()).isEqualTo("test-model");
            assertThat(event.getModelVersion()).isEqualTo("1.0.0");
            assertThat(event.getBatchSize()).isEqualTo(1);
            assertThat(event.getEventId()).isEqualTo(EventIds.of("cam-a", 0, 6, TopologyHarness.START.toEpochMilli(),
                    "test-model", "1.0.0"));
            assertThat(records.get(1).value().getGroundTruth()).as("labels disagree within the clip").isNull();
            assertThat(records.get(1).value().getLabel()).isEqualTo(TestCards.LABELS.get(4 % 4));
        }
    }

    @Test
    void overlappingClipsShareFramesDecodedOnce() {
        // T=4 of every frame, stride 2: clip k is sequences 2k .. 2k+3.
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 1, 2), Map.of(), state)) {
            h.sendRange("cam-a", 0, 10);
            assertThat(firstSequences(h.events())).containsExactly(0L, 2L, 4L, 6L);
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 2, 3), List.of(2, 3, 4, 5),
                    List.of(4, 5, 6, 7), List.of(6, 7, 8, 9));
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).as("frames 8 and 9 wait for clip 4").isEqualTo(2);
        }
    }

    @Test
    void strideLongerThanTheClipSkipsFramesBetweenClipsWithoutStoringThem() {
        // T=4 of every frame, stride 6: clips [0..3], [6..9], [12..15].
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 1, 6), Map.of(), state)) {
            h.sendRange("cam-a", 0, 6);
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).as("4 and 5 are in no clip").isZero();
            h.sendRange("cam-a", 6, 16);
            assertThat(firstSequences(h.events())).containsExactly(0L, 6L, 12L);
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 2, 3), List.of(6, 7, 8, 9),
                    List.of(12, 13, 14, 15));
        }
    }

    @Test
    void reordersFramesArrivingOutOfOrderWithinTheGrace() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.send("cam-a", 0, 1, 2, 3, 6, 5, 7);
            assertThat(h.events()).isEmpty();
            h.send("cam-a", 4);
            List<ActionEvent> events = h.events();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).getMissingFrames()).isZero();
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 2, 3));
        }
    }

    @Test
    void dropsAndCountsDuplicatesBeforeAndAfterTheirClipWasEmitted() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.send("cam-a", 0, 2, 2, 4, 4);
            assertThat(h.counter("frames-duplicate")).isEqualTo(2);
            h.send("cam-a", 6);
            assertThat(h.events()).hasSize(1);
            h.send("cam-a", 2, 6);
            assertThat(h.events()).as("a re-sent frame of an emitted clip emits nothing").isEmpty();
            assertThat(h.counter("frames-late")).isEqualTo(2);
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 2, 3));
        }
    }

    @Test
    void fillsAGapWithinTheMissingShareWithTheNearestFrameOnceTheGraceHasPassed() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.send("cam-a", 0, 2, 6, 7, 8);
            assertThat(h.events()).as("sequence 8 is within the grace (2) of the clip's end (6)").isEmpty();
            h.send("cam-a", 9);
            List<ActionEvent> events = h.events();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).getMissingFrames()).isEqualTo(1);
            assertThat(events.get(0).getFirstSequence()).isZero();
            assertThat(events.get(0).getLastSequence()).isEqualTo(6);
            // Index 2 (sequence 4) is missing; neighbours 1 and 3 are equally near: the earlier one fills it.
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 1, 3));
            h.send("cam-a", 4);
            assertThat(h.events()).as("the gap frame arriving late changes nothing").isEmpty();
            assertThat(h.counter("frames-filled")).isEqualTo(1);
        }
    }

    @Test
    void skipsAClipMissingMoreThanTheShareAndCarriesOn() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.send("cam-a", 0, 1, 2);
            h.sendRange("cam-a", 8, 16);
            List<ActionEvent> events = h.events();
            assertThat(firstSequences(events)).containsExactly(8L);
            assertThat(h.counter(MetricNames.CLIPS_SKIPPED)).isEqualTo(1);
            assertThat(h.counter(MetricNames.CLIPS_EMITTED)).isEqualTo(1);
            assertThat(h.counter(MetricNames.EVENTS_EMITTED)).as("one event per emitted clip").isEqualTo(1);
            assertThat(h.counter(MetricNames.FRAMES_ACCEPTED)).isEqualTo(3 + 8);
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).isZero();
        }
    }

    @Test
    void aLongGapSkipsTheEmptyClipsInOneStep() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.sendRange("cam-a", 0, 8);
            h.sendRange("cam-a", 800, 808);
            assertThat(firstSequences(h.events())).containsExactly(0L, 800L);
            assertThat(h.counter("clips-skipped")).isEqualTo(99);
        }
    }

    @Test
    void evictsIdleCamerasOnWallClockTimeAndKeepsActiveOnes() {
        Map<String, Object> idle = Map.of(InferenceConfig.CAMERA_IDLE_TIMEOUT_MS, 10_000L);
        try (TopologyHarness h = nonOverlapping(idle)) {
            h.send("cam-idle", 0, 2, 4);
            for (int step = 0; step < 6; step++) {
                h.send("cam-busy", step * 2L);
                h.driver.advanceWallClockTime(Duration.ofSeconds(3));
            }
            assertThat(h.counter("cameras-evicted")).isEqualTo(1);
            assertThat(h.store(ActionTopology.CURSOR_STORE).get("cam-idle")).isNull();
            assertThat(h.store(ActionTopology.CURSOR_STORE).get("cam-busy")).isNotNull();
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).as("only cam-busy's frames 8 and 10 remain")
                    .isEqualTo(2);
            // cam-idle's state is gone: its clip 0 can no longer complete, and its late frame starts it afresh.
            h.send("cam-idle", 6);
            assertThat(h.events()).extracting(ActionEvent::getCameraId).containsExactly("cam-busy");
        }
    }

    /** A camera run's epoch: its start in wall-clock milliseconds. */
    private static final long EPOCH = TopologyHarness.START.toEpochMilli();

    @Test
    void aStrayFrameFarBehindInTheSameEpochIsLateNotARestart() {
        List<String> undisturbed;
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 2, 4), Map.of(),
                state.resolve("undisturbed"))) {
            h.sendRange("cam-a", EPOCH, 0, 1_120);
            undisturbed = h.events().stream().map(ActionEvent::getEventId).toList();
        }
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 2, 4), Map.of(),
                state.resolve("stray"))) {
            h.sendRange("cam-a", EPOCH, 0, 1_100);
            List<ActionEvent> before = h.events();
            double late = h.counter("frames-late");
            // 1 and 2 are far more than camera.restart.gap.frames (300) behind: without epochs, a restart.
            h.send(h.frame("cam-a", EPOCH, 1));
            h.send(h.frame("cam-a", EPOCH, 2));
            assertThat(h.counter("camera-restarts")).isZero();
            assertThat(h.counter("frames-late")).as("2 is sampled and late; 1 no clip uses").isEqualTo(late + 1);
            ClipCursor cursor = (ClipCursor) h.store(ActionTopology.CURSOR_STORE).get("cam-a");
            assertThat(cursor.epoch()).isEqualTo(EPOCH);
            assertThat(cursor.highestSequence()).isEqualTo(1_099);
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).as("the clip being built keeps its frames")
                    .isEqualTo(2);
            h.sendRange("cam-a", EPOCH, 1_100, 1_120);
            List<ActionEvent> after = h.events();
            assertThat(firstSequences(after)).containsExactly(1_096L, 1_104L, 1_112L);
            assertThat(h.deadLetters.isEmpty()).isTrue();
            List<String> ids = new java.util.ArrayList<>(before.stream().map(ActionEvent::getEventId).toList());
            ids.addAll(after.stream().map(ActionEvent::getEventId).toList());
            assertThat(ids).as("the same events, same ids, as without the stray frames").isEqualTo(undisturbed);
        }
    }

    @Test
    void aNewerEpochRestartsTheCameraWhateverItsSequence() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.sendRange("cam-a", EPOCH, 0, 1_100);
            h.events();
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).isEqualTo(2);
            long restartedAt = EPOCH + Duration.ofHours(1).toMillis();
            for (long s = 0; s < 8; s++) {
                VideoFrame frame = h.frame("cam-a", restartedAt, s);
                frame.setCaptureTime(frame.getCaptureTime().plus(Duration.ofHours(1)));
                h.send(frame);
            }
            assertThat(h.counter("camera-restarts")).isEqualTo(1);
            List<ActionEvent> events = h.events();
            assertThat(firstSequences(events)).as("numbering from 0 is accepted").containsExactly(0L);
            assertThat(events.get(0).getClipStartTime())
                    .isEqualTo(TopologyHarness.START.plus(Duration.ofHours(1)));
            ClipCursor cursor = (ClipCursor) h.store(ActionTopology.CURSOR_STORE).get("cam-a");
            assertThat(cursor.epoch()).isEqualTo(restartedAt);
            assertThat(cursor.highestSequence()).isEqualTo(7);
            assertThat(h.storeSize(ActionTopology.FRAME_STORE)).as("the old run's frames were dropped").isZero();
            assertThat(h.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void aFrameOfAnOlderEpochBecomesADeadLetterAndResetsNothing() {
        long older = EPOCH - Duration.ofMinutes(10).toMillis();
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.sendRange("cam-a", EPOCH, 1_000, 1_012);
            assertThat(firstSequences(h.events())).containsExactly(1_000L);
            VideoFrame stale = h.frame("cam-a", older, 0);
            VideoFrame staleUnsampled = h.frame("cam-a", older, 1_013);
            h.send(stale);
            h.send(staleUnsampled);
            h.send(h.frame("cam-a", 0, 1_012)); // a producer without epochs under the same id: older than any epoch
            List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
            assertThat(letters).extracting(r -> r.value().getErrorKind()).containsOnly("STALE_EPOCH").hasSize(3);
            DeadLetter letter = letters.get(0).value();
            assertThat(letter.getErrorMessage()).contains("epoch " + older).contains("current epoch " + EPOCH);
            assertThat(bytes(letter.getKey())).isEqualTo("cam-a".getBytes(StandardCharsets.UTF_8));
            assertThat(letters.get(0).key()).isEqualTo("cam-a".getBytes(StandardCharsets.UTF_8));
            assertThat(bytes(letter.getPayload())).isEqualTo(h.encode(stale));
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.FRAMES);
            assertThat(letter.getSourceOffset()).isEqualTo(12L);
            assertThat(letters.get(2).value().getErrorMessage()).contains("epoch 0 is older");
            assertThat(h.deadLetters("STALE_EPOCH")).isEqualTo(3);
            assertThat(h.counter("camera-restarts")).isZero();
            ClipCursor cursor = (ClipCursor) h.store(ActionTopology.CURSOR_STORE).get("cam-a");
            assertThat(cursor.epoch()).isEqualTo(EPOCH);
            assertThat(cursor.highestSequence()).isEqualTo(1_011);

            h.sendRange("cam-a", EPOCH, 1_012, 1_020);
            assertThat(firstSequences(h.events())).as("the camera's clip carries on").containsExactly(1_008L);
            assertThat(h.classifier.clips()).hasSize(2);
            assertThat(h.events()).isEmpty();
        }
    }

    @Test
    void framesWithAnInvalidCameraIdBecomeDeadLettersThatDoNotQuoteTheWholeId() {
        String longest = "c".repeat(CameraIds.MAX_LENGTH);
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            String huge = "h".repeat(10_000);
            for (String id : List.of("", huge, "cam\nforged", "cam\u0007", "cam 1", "cam\u202E1")) {
                h.send(h.frame(id, 0, "waving"));
            }
            h.sendRange(longest, 0, 8);
            List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
            assertThat(letters).extracting(r -> r.value().getErrorKind()).containsOnly("INVALID_CAMERA_ID")
                    .hasSize(6);
            assertThat(letters).allSatisfy(r -> assertThat(r.value().getErrorMessage()).hasSizeLessThan(400));
            assertThat(letters.get(0).value().getErrorMessage()).contains("camera id is empty");
            assertThat(letters.get(1).value().getErrorMessage()).contains("10000 characters").contains("at most 128")
                    .contains("(9872 more chars)");
            assertThat(bytes(letters.get(1).value().getKey())).as("the key itself is kept as it was")
                    .isEqualTo(huge.getBytes(StandardCharsets.UTF_8));
            assertThat(letters.get(2).value().getErrorMessage()).contains("control character U+000A")
                    .doesNotContain("\n");
            assertThat(letters.get(3).value().getErrorMessage()).contains("U+0007");
            assertThat(letters.get(4).value().getErrorMessage()).contains("whitespace character U+0020");
            assertThat(letters.get(5).value().getErrorMessage()).contains("format character U+202E");
            assertThat(h.deadLetters("INVALID_CAMERA_ID")).isEqualTo(6);
            assertThat(h.events()).as("a 128-character id is valid").singleElement()
                    .satisfies(e -> assertThat(e.getCameraId()).isEqualTo(longest));
        }
    }

    @Test
    void withoutEpochsACameraThatRestartsItsNumberingStartsAfreshInsteadOfDroppingEverythingAsLate() {
        try (TopologyHarness h = nonOverlapping(Map.of(InferenceConfig.CAMERA_RESTART_GAP_FRAMES, 50L))) {
            h.sendRange("cam-a", 100, 116);
            assertThat(firstSequences(h.events())).as("100 and 102 precede the first whole clip")
                    .containsExactly(104L);
            double late = h.counter("frames-late");
            h.send("cam-a", 70, 72);
            assertThat(h.counter("camera-restarts")).as("70 is within 50 of the highest, 115").isZero();
            assertThat(h.counter("frames-late")).isEqualTo(late + 2);
            h.sendRange("cam-a", 0, 8);
            assertThat(h.counter("camera-restarts")).isEqualTo(1);
            assertThat(firstSequences(h.events())).containsExactly(0L);
            assertThat(h.classifier.clips()).containsExactly(List.of(22, 23, 24, 25), List.of(0, 1, 2, 3));
        }
    }

    @Test
    void withoutEpochsClipsOfARestartedCameraGetNewEventIdsThoughTheirSequencesRepeat() {
        try (TopologyHarness h = nonOverlapping(Map.of(InferenceConfig.CAMERA_RESTART_GAP_FRAMES, 50L))) {
            h.sendRange("cam-a", 0, 8);
            h.sendRange("cam-a", 100, 104);
            List<ActionEvent> before = h.events();
            // The camera rebooted an hour later and numbers its frames from 0 again.
            for (long s = 0; s < 8; s++) {
                VideoFrame frame = h.frame("cam-a", s, "waving");
                frame.setCaptureTime(frame.getCaptureTime().plus(Duration.ofHours(1)));
                h.send(frame);
            }
            List<ActionEvent> after = h.events();
            assertThat(h.counter("camera-restarts")).isEqualTo(1);
            assertThat(firstSequences(before)).startsWith(0L);
            assertThat(firstSequences(after)).containsExactly(0L);
            // The sink drops events whose id it has seen: the new clip 0 must not look like the old one.
            assertThat(after.get(0).getEventId()).isNotEqualTo(before.get(0).getEventId());
        }
    }

    @Test
    void poisonRecordsBecomeDeadLettersWithTheirKindWhileGoodFramesFlow() {
        Map<String, Object> allowed = Map.of(InferenceConfig.CAMERAS_ALLOWED, "cam-a,cam-b");
        try (TopologyHarness h = nonOverlapping(allowed)) {
            byte[] key = "cam-a".getBytes(StandardCharsets.UTF_8);
            byte[] notWireFormat = "this is not avro".getBytes(StandardCharsets.UTF_8);
            byte[] unknownId = ByteBuffer.allocate(9).put((byte) 0).putInt(424242).putInt(7).array();
            VideoFrame undecodable = h.frame("cam-a", 3, "waving");
            undecodable.setData(ByteBuffer.wrap("garbage instead of jpeg".getBytes(StandardCharsets.UTF_8)));
            VideoFrame wrongSize = h.frame("cam-a", 5, "waving");
            wrongSize.setWidth(20);
            VideoFrame png = h.frame("cam-a", 7, "waving");
            png.setCodec("png");
            VideoFrame stranger = h.frame("cam-z", 0, "waving");
            VideoFrame truncated = h.frame("cam-b", 0, "waving");
            byte[] noisy = TestJpegs.flat(TopologyHarness.WIDTH, TopologyHarness.HEIGHT, 40);
            truncated.setData(ByteBuffer.wrap(java.util.Arrays.copyOf(noisy, noisy.length - 40)));

            h.send("cam-a", 0, 1, 2);                                   // offsets 0..2
            h.frames.pipeInput(key, notWireFormat);                     // 3
            h.frames.pipeInput(key, unknownId);                         // 4
            h.send(undecodable);                                        // 5
            h.send(wrongSize);                                          // 6
            h.send(png);                                                // 7
            h.send(stranger);                                           // 8
            h.frames.pipeInput("cam-b".getBytes(StandardCharsets.UTF_8), h.encode(h.frame("cam-a", 9, "x"))); // 9
            h.send(truncated);                                          // 10
            h.send("cam-a", 4, 6);                                      // 11, 12

            List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
            assertThat(letters).extracting(r -> r.value().getErrorKind()).containsExactly(
                    "NOT_WIRE_FORMAT", "UNKNOWN_SCHEMA_ID", "UNDECODABLE_IMAGE", "WRONG_DIMENSIONS",
                    "UNSUPPORTED_CODEC", "UNKNOWN_CAMERA", "KEY_MISMATCH", "UNDECODABLE_IMAGE");
            assertThat(letters).extracting(r -> r.value().getSourceOffset())
                    .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            DeadLetter first = letters.get(0).value();
            assertThat(first.getSourceTopic()).isEqualTo(Topics.FRAMES);
            assertThat(first.getSourcePartition()).isZero();
            assertThat(bytes(first.getPayload())).isEqualTo(notWireFormat);
            assertThat(bytes(first.getKey())).isEqualTo(key);
            assertThat(letters.get(0).key()).isEqualTo(key);
            assertThat(first.getApplication()).isEqualTo("inference-test");
            assertThat(first.getErrorMessage()).isNotBlank();
            assertThat(bytes(letters.get(2).value().getPayload())).isEqualTo(h.encode(undecodable));

            assertThat(h.events()).as("good frames around the poison still make their clip").hasSize(1);
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 2, 3));
            assertThat(h.deadLetters("UNDECODABLE_IMAGE")).isEqualTo(2);
            assertThat(h.deadLetters("NOT_WIRE_FORMAT")).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableRegistryFailsTheRecordInsteadOfDeadLetteringIt() {
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            ScriptedSchemaRegistry other = ScriptedSchemaRegistry.start();
            try (TopologyHarness writer = new TopologyHarness(other, TestCards.card(4, 2, 4), Map.of(),
                    state.resolve("writer"))) {
                // An id the pipeline's registry has never handed out, while that registry is down.
                byte[] value = writer.encode(writer.frame("cam-a", 0, "waving"));
                registry.unavailable(true);
                try {
                    assertThatThrownBy(() -> h.frames.pipeInput("cam-a".getBytes(StandardCharsets.UTF_8), value))
                            .hasStackTraceContaining("PayloadException");
                } finally {
                    registry.unavailable(false);
                }
            } finally {
                other.close();
            }
            assertThat(h.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void batchesReadyClipsAcrossCamerasUpToTheMaximumOrTheWait() {
        Map<String, Object> batching = Map.of(InferenceConfig.BATCH_MAX_CLIPS, 3, InferenceConfig.BATCH_MAX_WAIT_MS, 100L);
        try (TopologyHarness h = nonOverlapping(batching)) {
            h.send("cam-a", 0, 2, 4, 6);
            h.send("cam-b", 0, 2, 4, 6);
            assertThat(h.events()).as("batch not yet full, wait not yet over").isEmpty();
            h.send("cam-c", 0, 2, 4, 6);
            List<ActionEvent> full = h.events();
            assertThat(full).extracting(ActionEvent::getCameraId).containsExactly("cam-a", "cam-b", "cam-c");
            assertThat(full).allSatisfy(e -> assertThat(e.getBatchSize()).isEqualTo(3));

            h.send("cam-a", 8, 10, 12, 14);
            h.send("cam-b", 8, 10, 12, 14);
            h.driver.advanceWallClockTime(Duration.ofMillis(60));
            assertThat(h.events()).isEmpty();
            h.driver.advanceWallClockTime(Duration.ofMillis(60));
            List<ActionEvent> waited = h.events();
            assertThat(waited).extracting(ActionEvent::getCameraId).containsExactly("cam-a", "cam-b");
            assertThat(waited).allSatisfy(e -> assertThat(e.getBatchSize()).isEqualTo(2));
            assertThat(h.classifier.batchSizes()).containsExactly(3, 2);
        }
    }

    @Test
    void eventIdsAreTheSameWhenTheSameFramesAreProcessedAgain() {
        List<String> first;
        try (TopologyHarness h = nonOverlapping(Map.of())) {
            h.sendRange("cam-a", 0, 16);
            first = h.events().stream().map(ActionEvent::getEventId).toList();
        }
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 2, 4), Map.of(),
                state.resolve("second"))) {
            h.sendRange("cam-a", 0, 16);
            assertThat(h.events().stream().map(ActionEvent::getEventId).toList()).isEqualTo(first).hasSize(2)
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void restoredStateEmitsTheClipThatWasReadyButNotYetSentExactlyOnce() {
        Map<String, Object> slowBatch = Map.of(InferenceConfig.BATCH_MAX_CLIPS, 2,
                InferenceConfig.BATCH_MAX_WAIT_MS, 1_000L);
        List<TestRecord<byte[], byte[]>> frameLog;
        List<TestRecord<String, byte[]>> cursorLog;
        List<byte[]> sentFrames = new java.util.ArrayList<>();
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 2, 4), slowBatch,
                state.resolve("first"))) {
            for (long s = 0; s < 11; s++) {
                VideoFrame frame = h.frame("cam-a", s, "waving");
                sentFrames.add(h.encode(frame));
                h.send(frame);
            }
            assertThat(h.events()).as("clip 0 waits in the batch when the instance stops").isEmpty();
            frameLog = h.driver.createOutputTopic(changelog(ActionTopology.FRAME_STORE), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
            cursorLog = h.driver.createOutputTopic(changelog(ActionTopology.CURSOR_STORE), new StringDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList();
        }
        // Frames are logged one record each, exactly as they arrived; sampled ones only; never a whole clip.
        assertThat(frameLog).extracting(r -> FrameKeys.sequence(Bytes.wrap(r.key())))
                .containsExactly(0L, 2L, 4L, 6L, 8L, 10L);
        assertThat(frameLog).allSatisfy(r -> assertThat(sentFrames).anySatisfy(f -> assertThat(r.value()).isEqualTo(f)));

        // A new instance restores the stores from their changelogs (what Kafka Streams does on restart or
        // migration; TopologyTestDriver does not, so the test replays the logged records itself).
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 2, 4), slowBatch,
                state.resolve("second"), TopologyHarness.START.plusSeconds(60))) {
            KeyValueStore<Bytes, byte[]> frames = h.driver.getKeyValueStore(ActionTopology.FRAME_STORE);
            frameLog.forEach(r -> frames.put(Bytes.wrap(r.key()), r.value()));
            KeyValueStore<String, ClipCursor> cursors = h.driver.getKeyValueStore(ActionTopology.CURSOR_STORE);
            ClipCursorSerde cursorSerde = new ClipCursorSerde();
            cursorLog.forEach(r -> cursors.put(r.key(), cursorSerde.deserializer().deserialize("", r.value())));

            h.driver.advanceWallClockTime(Duration.ofMillis(600));
            assertThat(h.events()).as("the resumed clip waits for its batch like any other").isEmpty();
            h.driver.advanceWallClockTime(Duration.ofMillis(1_000));
            List<ActionEvent> resumed = h.events();
            assertThat(firstSequences(resumed)).containsExactly(0L);
            assertThat(h.classifier.clips()).as("frames decoded again from the stored bytes")
                    .containsExactly(List.of(0, 1, 2, 3));
            assertThat(h.counter("frames-restored")).isEqualTo(4);

            h.sendRange("cam-a", 11, 24);
            assertThat(firstSequences(h.events())).containsExactly(8L, 16L);
            assertThat(h.classifier.clips()).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7),
                    List.of(8, 9, 10, 11));
            assertThat(h.counter("frames-restored")).as("8 and 10 came from the store too").isEqualTo(6);
        }
    }

    private static String changelog(String store) {
        return "inference-test-" + store + "-changelog";
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
