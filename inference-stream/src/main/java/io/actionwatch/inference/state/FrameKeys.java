package io.actionwatch.inference.state;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the frame store: {@code [stream key length: 2 bytes][stream key UTF-8][sequence: 8 bytes big-endian]}.
 * The length prefix keeps one stream's keys contiguous even when another key extends it ("cam1" vs "cam10"), and the
 * big-endian sequence makes byte order equal numeric order, so a stream's frames are one range scan.
 */
public final class FrameKeys {

    private static final int MAX_KEY_BYTES = 0xFFFF;

    private FrameKeys() {
    }

    /** The key bytes shared by every frame of a stream. */
    public static byte[] prefix(String streamKey) {
        byte[] bytes = streamKey.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("stream key longer than " + MAX_KEY_BYTES + " bytes");
        }
        return ByteBuffer.allocate(2 + bytes.length).putShort((short) bytes.length).put(bytes).array();
    }

    public static Bytes key(byte[] prefix, long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
        }
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(sequence).array());
    }

    /** Inclusive lower bound of a stream's range scan. */
    public static Bytes first(byte[] prefix) {
        return key(prefix, 0);
    }

    /** Inclusive upper bound of a stream's range scan. */
    public static Bytes last(byte[] prefix) {
        return key(prefix, Long.MAX_VALUE);
    }

    public static long sequence(Bytes key) {
        byte[] k = key.get();
        return ByteBuffer.wrap(k, k.length - Long.BYTES, Long.BYTES).getLong();
    }

    public static String streamKey(Bytes key) {
        byte[] k = key.get();
        int length = ((k[0] & 0xFF) << 8) | (k[1] & 0xFF);
        return new String(k, 2, length, StandardCharsets.UTF_8);
    }
}
