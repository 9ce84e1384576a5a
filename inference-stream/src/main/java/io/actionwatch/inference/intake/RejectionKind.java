package io.actionwatch.inference.intake;

/**
 * Why intake refused a frame (the dead letter's errorKind). The registry serde's own kinds (NOT_WIRE_FORMAT,
 * UNKNOWN_SCHEMA_ID, INCOMPATIBLE_SCHEMA, UNREADABLE_PAYLOAD) are used as they come; these are the pipeline's.
 */
public enum RejectionKind {
    /** A record without a value (a tombstone) on the frames topic. */
    EMPTY_PAYLOAD,
    /** The record key is not the frame's camera id, so the camera's frames would not stay in one partition. */
    KEY_MISMATCH,
    /** The camera is not in cameras.allowed. */
    UNKNOWN_CAMERA,
    /** A negative sequence number. */
    INVALID_SEQUENCE,
    /** A codec other than jpeg. */
    UNSUPPORTED_CODEC,
    /** Declared size out of range, or the image decodes to another size than declared. */
    WRONG_DIMENSIONS,
    /** Corrupt, truncated or empty image data. */
    UNDECODABLE_IMAGE
}
