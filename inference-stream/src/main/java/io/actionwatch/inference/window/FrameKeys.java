package io.actionwatch.inference.window;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the frame store: {@code [camera id length: 2 bytes][camera id UTF-8][sequence: 8 bytes big-endian]}.
 * The length prefix keeps one camera's keys contiguous even when another id extends it ("cam1" vs "cam10"), and the
 * big-endian sequence makes byte order equal numeric order, so a camera's frames are one range scan.
 */
public final class FrameKeys {

    private static final int MAX_ID_BYTES = 0xFFFF;

    private FrameKeys() {
    }

    /** The key bytes shared by every frame of a camera. */
    public static byte[] prefix(String cameraId) {
        byte[] id = cameraId.getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("camera id longer than " + MAX_ID_BYTES + " bytes");
        }
        return ByteBuffer.allocate(2 + id.length).putShort((short) id.length).put(id).array();
    }

    public static Bytes key(byte[] prefix, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
        }
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(sequence).array());
    }

    /** Inclusive lower bound of a camera's range scan. */
    public static Bytes first(byte[] prefix) {
        return key(prefix, 0);
    }

    /** Inclusive upper bound of a camera's range scan. */
    public static Bytes last(byte[] prefix) {
        return key(prefix, Long.MAX_VALUE);
    }

    public static long sequence(Bytes key) {
        byte[] k = key.get();
        return ByteBuffer.wrap(k, k.length - Long.BYTES, Long.BYTES).getLong();
    }

    public static String cameraId(Bytes key) {
        byte[] k = key.get();
        int length = ((k[0] & 0xFF) << 8) | (k[1] & 0xFF);
        return new String(k, 2, length, StandardCharsets.UTF_8);
    }
}
