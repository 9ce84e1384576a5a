package io.actionwatch.serde;

/**
 * Why a payload could not be written or read. Dead-letter records carry this name, so it is part of the contract:
 * add new kinds at the end, never rename.
 */
public enum PayloadErrorKind {
    /** The bytes are not Confluent wire format: null, shorter than the 5-byte header, or a magic byte other than 0. */
    NOT_WIRE_FORMAT,
    /** The schema id in the header is not known to the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The registry refused the schema: incompatible with the subject's earlier versions (HTTP 409) or invalid (422). */
    INCOMPATIBLE_SCHEMA,
    /** The header was fine but the Avro body could not be decoded with the writer schema against the reader schema. */
    UNREADABLE_PAYLOAD,
    /** The registry could not be reached or kept failing (connection errors, 5xx) until the retry timeout ran out. */
    REGISTRY_UNAVAILABLE
}
