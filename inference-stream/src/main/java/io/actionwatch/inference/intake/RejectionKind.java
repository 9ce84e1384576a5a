package io.actionwatch.inference.intake;

/**
 * Why the pipeline refused a frame (the dead letter's errorKind). The registry serde's own kinds (NOT_WIRE_FORMAT,
 * UNKNOWN_SCHEMA_ID, INCOMPATIBLE_SCHEMA, UNREADABLE_PAYLOAD) are used as they come; these are the pipeline's. All are
 * refused at intake except {@link #STALE_EPOCH}, which needs the camera's state and is refused by the clip processor
 * (whole-frame or per-person) before the frame touches that state.
 */
public enum RejectionKind {
    /** A record without a value (a tombstone) on the frames topic. */
    EMPTY_PAYLOAD,
    /**
     * The camera id breaks the rule of {@link io.actionwatch.schemas.CameraIds}: empty, longer than 128 characters,
     * or not printable (control or format characters, whitespace). The reason names the rule, not the whole id.
     */
    INVALID_CAMERA_ID,
    /** The record key is not the frame's camera id, so the camera's frames would not stay in one partition. */
    KEY_MISMATCH,
    /** The camera is not in cameras.allowed. */
    UNKNOWN_CAMERA,
    /** A negative sequence number. */
    INVALID_SEQUENCE,
    /**
     * The frame's capture time is later than its record's timestamp: a frame cannot be captured after it was sent
     * (the project's cameras make the two equal). Clips and events take their times from capture times, and the
     * broker refuses records more than an hour ahead of its clock (log.message.timestamp.after.max.ms), so such a
     * frame reaching a clip would make the event's write fail and, with it, the whole exactly-once transaction.
     */
    FUTURE_CAPTURE_TIME,
    /**
     * A codec other than jpeg. A codec longer than {@link io.actionwatch.schemas.FrameLimits#MAX_CODEC_CHARS} is named
     * by its length only.
     */
    UNSUPPORTED_CODEC,
    /** Declared size out of range, or the image decodes to another size than declared. */
    WRONG_DIMENSIONS,
    /** Corrupt, truncated or empty image data. */
    UNDECODABLE_IMAGE,
    /**
     * The frame's epoch is older than the epoch of its camera's state: a frame of an earlier run of the camera (a
     * stray or replayed old frame, or a second producer with the same id). It changes nothing: the camera is not
     * reset and its clips carry on. The reason names both epochs. Frames of epoch 0 (producers that predate epochs)
     * are older than any stamped epoch.
     */
    STALE_EPOCH,
    /**
     * The frame's metadata breaks the contract of {@link io.actionwatch.schemas.FrameLimits}: more entries than
     * allowed, an empty, overlong or unprintable key, an overlong or unprintable value, or more bytes in all than
     * allowed. The reason names the limit and what was measured; it quotes a key only as an excerpt and never a value.
     */
    INVALID_METADATA,
    /**
     * The image is larger than this application takes (settings {@code frame.max.image.bytes} and
     * {@code frame.max.pixels}): more encoded bytes, or a declared width x height of more pixels. Refused before any
     * decoder sizes memory for it (the JPEG header must then declare that same size). The reason names the limit and
     * the measured size.
     */
    IMAGE_TOO_LARGE
}
