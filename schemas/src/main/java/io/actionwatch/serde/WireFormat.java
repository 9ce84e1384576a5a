package io.actionwatch.serde;

/**
 * The Confluent wire format's 5-byte header: magic byte 0, then the schema id as a 4-byte big-endian int, then the
 * Avro binary body. Kept in one place so every reader and writer of the header agrees byte for byte.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_BYTES = 5;

    private WireFormat() {
    }

    /** Writes magic byte and schema id into the first {@link #HEADER_BYTES} bytes of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** Appends magic byte and schema id to {@code out}. */
    public static void writeHeader(java.io.ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /**
     * The schema id of a wire-format payload.
     *
     * @throws PayloadException of kind {@link PayloadErrorKind#NOT_WIRE_FORMAT} when the payload is null, shorter
     *                          than the header or does not start with the magic byte
     */
    public static int schemaId(String topic, byte[] payload) {
        if (payload == null) {
            throw new PayloadException(PayloadErrorKind.NOT_WIRE_FORMAT,
                    "payload on topic " + topic + " is null; expected Confluent wire format (magic byte 0, 4-byte schema id, Avro body)");
        }
        if (payload.length < HEADER_BYTES) {
            throw new PayloadException(PayloadErrorKind.NOT_WIRE_FORMAT,
                    "payload on topic " + topic + " has " + payload.length + " bytes, fewer than the " + HEADER_BYTES
                            + "-byte Confluent wire-format header");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new PayloadException(PayloadErrorKind.NOT_WIRE_FORMAT,
                    "payload on topic " + topic + " starts with byte 0x" + String.format("%02x", payload[0] & 0xff)
                            + ", not the Confluent wire-format magic byte 0x00");
        }
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8) | (payload[4] & 0xff);
    }
}
