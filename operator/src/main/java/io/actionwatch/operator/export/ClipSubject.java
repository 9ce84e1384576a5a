package io.actionwatch.operator.export;

import io.actionwatch.schemas.ActionEvent;
import io.actionwatch.schemas.Alert;
import io.actionwatch.schemas.Person;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an exported clip is about: the camera and capture-time span whose frames are drawn, and what the caption says
 * of it. Made from an event, or from an alert (with its event when that was found, which adds the model and the
 * sequence range the alert does not carry).
 *
 * @param sequences the clip's first and last sequence numbers; empty when only an alert was found, in which case the
 *                  frames found in the span are all there is to go by
 * @param model     "name version" of the model that classified the clip; empty when only an alert was found
 * @param source    "event ID" or "alert ID (event ID)", for the caption and messages
 */
public record ClipSubject(String source, String cameraId, Instant clipStart, Instant clipEnd,
                          Optional<SequenceRange> sequences, String label, float score, Optional<String> model,
                          Optional<Person> person) {

    /** Inclusive range of a camera's frame sequence numbers. */
    public record SequenceRange(long first, long last) {
        public SequenceRange {
            if (last < first) {
                throw new IllegalArgumentException("sequence range " + first + ".." + last + " is empty");
            }
        }
    }

    public ClipSubject {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(sequences, "sequences");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(person, "person");
        if (clipEnd.isBefore(clipStart)) {
            throw new IllegalArgumentException(source + " ends (" + clipEnd + ") before it starts (" + clipStart + ")");
        }
    }

    public static ClipSubject of(ActionEvent event) {
        return new ClipSubject("event " + event.getEventId(), event.getCameraId(), event.getClipStartTime(),
                event.getClipEndTime(), Optional.of(new SequenceRange(event.getFirstSequence(), event.getLastSequence())),
                event.getLabel(), event.getScore(), Optional.of(event.getModelName() + " " + event.getModelVersion()),
                Optional.ofNullable(event.getPerson()));
    }

    /** The alert's clip; its event, when found, supplies the model and the sequence range. */
    public static ClipSubject of(Alert alert, Optional<ActionEvent> event) {
        String source = "alert " + alert.getAlertId() + " (event " + alert.getEventId() + ")";
        return new ClipSubject(source, alert.getCameraId(), alert.getClipStartTime(), alert.getClipEndTime(),
                event.map(e -> new SequenceRange(e.getFirstSequence(), e.getLastSequence())), alert.getLabel(),
                alert.getScore(), event.map(e -> e.getModelName() + " " + e.getModelVersion()),
                Optional.ofNullable(alert.getPerson()));
    }
}
