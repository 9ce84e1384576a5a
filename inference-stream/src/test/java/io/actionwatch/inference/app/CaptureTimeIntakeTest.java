package io.actionwatch.inference.app;

import io.actionwatch.inference.intake.RejectionKind;
import io.actionwatch.inference.testing.ScriptedSchemaRegistry;
import io.actionwatch.inference.testing.TestCards;
import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.DeadLetter;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.topics.Topics;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame whose capture time is later than its record's timestamp (issue 10: a capture time in 2100 sent now) is a
 * FUTURE_CAPTURE_TIME dead letter, so no clip, event or changelog record ever carries a timestamp the broker has
 * not already accepted; the camera's other frames make their clips as before.
 */
class CaptureTimeIntakeTest {

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
    void aCaptureTimeAfterTheRecordTimestampIsADeadLetterAndEventsStayAtAcceptedTimes() {
        // T=4 of every 2nd frame, stride 4: clip 0 is sequences 0, 2, 4, 6; clip 1 is 8, 10, 12, 14.
        try (TopologyHarness h = new TopologyHarness(registry, TestCards.card(4, 2, 4), Map.of(), state)) {
            h.sendRange("cam-a", 0, 4);
            VideoFrame from2100 = h.frame("cam-a", 4, "waving");
            Instant sent = from2100.getCaptureTime();
            from2100.setCaptureTime(Instant.parse("2100-01-01T00:00:00Z"));
            h.frames.pipeInput("cam-a".getBytes(StandardCharsets.UTF_8), h.encode(from2100), sent);
            VideoFrame oneMilliAhead = h.frame("cam-a", 5, "waving");
            h.frames.pipeInput("cam-a".getBytes(StandardCharsets.UTF_8), h.encode(oneMilliAhead),
                    oneMilliAhead.getCaptureTime().minusMillis(1));
            h.sendRange("cam-a", 6, 40);

            List<TestRecord<byte[], DeadLetter>> letters = h.deadLetters.readRecordsToList();
            assertThat(letters).extracting(r -> r.value().getErrorKind()).containsExactly(
                    RejectionKind.FUTURE_CAPTURE_TIME.name(), RejectionKind.FUTURE_CAPTURE_TIME.name());
            assertThat(letters.get(0).value().getErrorMessage())
                    .contains("2100-01-01T00:00:00Z", "after the record timestamp " + sent);
            assertThat(letters).extracting(TestRecord::timestamp)
                    .containsExactly(sent.toEpochMilli(), oneMilliAhead.getCaptureTime().toEpochMilli() - 1);

            List<TestRecord<String, ActionEvent>> events = h.actions.readRecordsToList();
            assertThat(events).extracting(r -> r.value().getFirstSequence()).startsWith(0L, 8L);
            assertThat(events.get(0).value().getMissingFrames()).as("frame 4 refused, filled").isEqualTo(1);
            for (TestRecord<String, ActionEvent> event : events) {
                assertThat(event.timestamp()).isEqualTo(event.value().getClipEndTime().toEpochMilli())
                        .isLessThan(Instant.parse("2031-01-01T00:00:00Z").toEpochMilli());
            }
            assertThat(h.deadLetters("FUTURE_CAPTURE_TIME")).isEqualTo(2);
        }
    }
}
