package io.actionwatch.inference.person;

import io.actionwatch.inference.event.ClipSummary;
import io.actionwatch.inference.pose.PersonDetection;
import io.actionwatch.schemas.Person;

import java.util.List;

/**
 * A clip of one tracked person, ready for the model: the person's detection in each of the clip's T sampled frames
 * (gaps filled from the nearest frame they were seen in), what the event says about the clip, and the person.
 */
public record PersonClip(ClipSummary summary, List<PersonDetection> frames, Person person) {
}
