package io.actionwatch.inference.app;

import io.actionwatch.inference.metrics.PipelineSensors;
import io.actionwatch.inference.range.FrameRange;
import io.actionwatch.inference.testing.ScriptedSchemaRegistry;
import io.actionwatch.inference.testing.TestCards;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one topology builder with a replay's wiring on TopologyTestDriver: other topics and application id, a bounded
 * frame range (capture times, cameras, end offsets) and the edge rule that only clips whose every frame lies in the
 * range are made. The live wiring of the same frames is the control.
 */
class ReplayTopologyTest {

    private static final String FRAMES = "frames.replay-test";
    private static final String ACTIONS = "actions.replay.test-model-1.0.0.v1";
    private static final String DEAD_LETTERS = "dlq.replay-test";
    private static final String REPLAY_ID = "actionwatch-replay-test";

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

    /** T=4 of every 2nd frame, stride 4: clip k is sequences 8k, 8k+2, 8k+4, 8k+6; one missing frame is filled. */
    private TopologyHarness harness(StreamWiring wiring) {
        return new TopologyHarness(registry, TestCards.card(4, 2, 4), Map.of(), state, TopologyHarness.START, null,
                null, wiring);
    }

    private static Instant capture(long sequence) {
        return TopologyHarness.START.plusMillis(sequence * TopologyHarness.FRAME_MILLIS);
    }

    private static StreamWiring replay(FrameRange range) {
        return new StreamWiring(REPLAY_ID, FRAMES, ACTIONS, DEAD_LETTERS, range);
    }

    private static List<Long> firstSequences(List<ActionEvent> events) {
        return events.stream().map(ActionEvent::getFirstSequence).toList();
    }

    @Test
    void liveWiringOfTheSameFramesMakesEveryClipIncludingOnesWithAFilledFrame() {
        try (TopologyHarness h = harness(StreamWiring.live(TopologyHarness.APPLICATION_ID))) {
            h.sendRange("cam-a", 1, 41);
            assertThat(firstSequences(h.events())).as("clip 0 lacks sequence 0 and is filled")
                    .containsExactly(0L, 8L, 16L, 24L, 32L);
            assertThat(h.driver.producedTopicNames()).contains(Topics.ACTIONS);
        }
    }

    @Test
    void aRangeMakesOnlyTheClipsWhoseEveryFrameLiesInItAndCountsTheFramesOutside() {
        // [capture(1), capture(30)): clip 0 (0..6) would lose sequence 0 and clip 3 (24..30) sequence 30.
        FrameRange range = FrameRange.of(capture(1), capture(30), Set.of(), Map.of());
        try (TopologyHarness h = harness(replay(range))) {
            h.sendRange("cam-a", 0, 41);
            List<ActionEvent> events = h.events();
            assertThat(firstSequences(events)).containsExactly(8L, 16L);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.getClipStartTime()).isAfterOrEqualTo(capture(1));
                assertThat(e.getClipEndTime()).isBefore(capture(30));
                assertThat(e.getMissingFrames()).isZero();
            });
            assertThat(h.counter(PipelineSensors.FRAMES_OUTSIDE_RANGE)).as("sequence 0 and 30..40").isEqualTo(12);
            assertThat(h.driver.producedTopicNames()).as("the live topics are never written")
                    .doesNotContain(Topics.ACTIONS, Topics.DEAD_LETTERS);
        }
    }

    @Test
    void aReplayStartingInsideAClipBeginsAtTheNextWholeClipAndGivesTheLiveRunsIds() {
        List<ActionEvent> live;
        try (TopologyHarness h = harness(StreamWiring.live(TopologyHarness.APPLICATION_ID))) {
            h.sendRange("cam-a", 0, 41);
            live = h.events();
        }
        // Starts at sequence 11: clip 1 (8..14) straddles the start, clip 2 is the first whole one.
        FrameRange range = FrameRange.of(capture(11), capture(41), Set.of(), Map.of());
        try (TopologyHarness h = harness(replay(range))) {
            h.sendRange("cam-a", 0, 41);
            List<ActionEvent> replayed = h.events();
            assertThat(firstSequences(replayed)).containsExactly(16L, 24L, 32L);
            assertThat(replayed).extracting(ActionEvent::getEventId).containsExactlyElementsOf(live.stream()
                    .filter(e -> e.getFirstSequence() >= 16).map(ActionEvent::getEventId).toList());
        }
    }

    @Test
    void aCameraSubsetIgnoresOtherCamerasWithoutDeadLetters() {
        FrameRange range = FrameRange.of(capture(0), capture(100), Set.of("cam-a"), Map.of());
        try (TopologyHarness h = harness(replay(range))) {
            h.sendRange("cam-b", 0, 17);
            h.sendRange("cam-a", 0, 17);
            assertThat(h.events()).extracting(ActionEvent::getCameraId).containsExactly("cam-a", "cam-a");
            assertThat(h.deadLetters.isEmpty()).isTrue();
            assertThat(h.counter(PipelineSensors.FRAMES_OUTSIDE_RANGE)).isEqualTo(17);
        }
    }

    @Test
    void framesAtOrPastTheEndOffsetFixedAtTheStartAreNotProcessed() {
        // Offsets 0..15 on partition 0 are sequences 0..15: clip 1 (8..14) is whole, clip 2 would need offset 16+.
        FrameRange range = FrameRange.of(capture(0), capture(1_000), Set.of(), Map.of(0, 16L));
        try (TopologyHarness h = harness(replay(range))) {
            h.sendRange("cam-a", 0, 40);
            assertThat(firstSequences(h.events())).containsExactly(0L, 8L);
            assertThat(h.counter(PipelineSensors.FRAMES_OUTSIDE_RANGE)).isEqualTo(24);
        }
    }

    @Test
    void deadLettersOfAReplayGoToItsTopicAndNameItsApplication() {
        FrameRange range = FrameRange.of(capture(0), capture(100), Set.of(), Map.of());
        try (TopologyHarness h = harness(replay(range))) {
            h.frames.pipeInput("cam-a".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8),
                    capture(3));
            DeadLetter letter = h.deadLetters.readValue();
            assertThat(letter.getApplication()).isEqualTo(REPLAY_ID);
            assertThat(letter.getSourceTopic()).isEqualTo(FRAMES);
            assertThat(letter.getErrorKind()).isEqualTo("NOT_WIRE_FORMAT");
        }
    }

    @Test
    void aWiringThatWouldWriteIntoItsInputOrRunsBackwardsIsRefused() {
        assertThatThrownBy(() -> new StreamWiring(REPLAY_ID, FRAMES, FRAMES, DEAD_LETTERS, FrameRange.everything()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writes into the topic it reads");
        assertThatThrownBy(() -> new StreamWiring(" ", FRAMES, ACTIONS, DEAD_LETTERS, FrameRange.everything()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("application id");
        assertThatThrownBy(() -> FrameRange.of(capture(10), capture(9), Set.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is after its end");
    }
}
