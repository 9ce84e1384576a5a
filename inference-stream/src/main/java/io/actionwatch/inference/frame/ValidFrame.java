package io.actionwatch.inference.frame;

import io.actionwatch.schemas.VideoFrame;

/**
 * A frame that passed intake, handed in memory to the clip assembler of the same task. It belongs to neither side so
 * that intake and clip assembly depend on this hand-over, not on each other.
 *
 * @param encoded the record value exactly as read (registry wire format); what the frame store keeps
 * @param pixels  the preprocessed slice (owned by the receiver, from the shared pool), or null for a frame no clip
 *                uses
 */
public record ValidFrame(VideoFrame frame, byte[] encoded, float[] pixels) {
}
