package io.actionwatch.sink.alerting;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.LabelScore;
import io.actionwatch.schemas.Person;
import java.time.Instant;
import java.util.List;

/** Builds action events for the alerting tests; only the fields the rules read vary. */
final class TestEvents {

    static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private TestEvents() {
    }

    /** An event whose clip ends {@code endSeconds} after T0 and lasts one second. */
    static ActionEvent event(String camera, String eventId, String label, float score, long endSeconds) {
        Instant end = T0.plusSeconds(endSeconds);
        return ActionEvent.newBuilder()
                .setEventId(eventId)
                .setCameraId(camera)
                .setClipStartTime(end.minusSeconds(1))
                .setClipEndTime(end)
                .setFirstSequence(0)
                .setLastSequence(14)
                .setFrameCount(8)
                .setLabel(label)
                .setScore(score)
                .setTopK(List.of(new LabelScore(label, score)))
                .setModelName("test-model")
                .setModelVersion("1")
                .setEmitTime(end.plusMillis(100))
                .setCaptureToEmitMillis(100)
                .setInferenceMillis(5f)
                .setBatchSize(1)
                .build();
    }

    /** Like {@link #event}, about the tracked person {@code trackId} of the camera. */
    static ActionEvent personEvent(String camera, String eventId, long trackId, String label, float score, long endSeconds) {
        return ActionEvent.newBuilder(event(camera, eventId, label, score, endSeconds))
                .setPerson(person(trackId))
                .build();
    }

    /** The person {@link #personEvent} sets: only the track id varies. */
    static Person person(long trackId) {
        return new Person(trackId, 0.1f, 0.2f, 0.9f, 0.4f, 0.8f);
    }
}
