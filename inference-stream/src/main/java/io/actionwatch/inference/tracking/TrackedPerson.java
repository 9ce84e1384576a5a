package io.actionwatch.inference.tracking;

import io.actionwatch.inference.pose.PersonDetection;

/**
 * A person in one frame as the tracker reports it: the camera-unique track id, the track's status and the detection
 * of this frame it was matched to.
 */
public record TrackedPerson(long trackId, TrackStatus status, PersonDetection detection) {
}
