package io.actionwatch.inference.schedule;

/**
 * Where a clip stream's first clip is when its first frame arrives. Live processing reaches back, because the frames
 * just before the first one may still be on their way; a bounded replay starts each camera at a range edge, where the
 * frames before the first one were cut off on purpose and a clip reaching back would be built from half its frames.
 */
public enum StreamStart {
    /** The earliest clip the first frame could belong to, reaching back by the reorder grace (live). */
    REACH_BACK_BY_GRACE,
    /** The first clip that starts at or after the first frame: no clip is made from frames before it (replay). */
    FIRST_WHOLE_CLIP
}
