package io.actionwatch.inference.state;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * Fixed binary layout of {@link ClipCursor} in its store, big-endian:
 * <pre>
 * version 2: byte 2, long epoch, then the nine longs of version 1
 * version 1: byte 1, long nextClip, highestSequence, lastActivityMillis, framesStored, duplicatesDropped,
 *            lateDropped, clipsEmitted, clipsSkipped, framesFilled
 * </pre>
 * Version 2 is written. Version 1 (stored before cameras had epochs) is still read, as epoch 0: so a changelog
 * written by the previous build restores, and the camera's first stamped frame counts as its restart. Any other
 * version or size is refused with a {@link SerializationException} that says what was found.
 */
public final class ClipCursorSerde implements Serde<ClipCursor> {

    static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_EPOCH = 1;
    private static final int SIZE_WITHOUT_EPOCH = 1 + 9 * Long.BYTES;
    private static final int SIZE = SIZE_WITHOUT_EPOCH + Long.BYTES;

    @Override
    public Serializer<ClipCursor> serializer() {
        return (topic, cursor) -> cursor == null ? null : ByteBuffer.allocate(SIZE)
                .put(VERSION)
                .putLong(cursor.epoch())
                .putLong(cursor.nextClip())
                .putLong(cursor.highestSequence())
                .putLong(cursor.lastActivityMillis())
                .putLong(cursor.framesStored())
                .putLong(cursor.duplicatesDropped())
                .putLong(cursor.lateDropped())
                .putLong(cursor.clipsEmitted())
                .putLong(cursor.clipsSkipped())
                .putLong(cursor.framesFilled())
                .array();
    }

    @Override
    public Deserializer<ClipCursor> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long epoch;
            if (bytes.length == SIZE && bytes[0] == VERSION) {
                epoch = b.position(1).getLong();
            } else if (bytes.length == SIZE_WITHOUT_EPOCH && bytes[0] == VERSION_WITHOUT_EPOCH) {
                epoch = 0;
                b.position(1);
            } else {
                throw new SerializationException("clip cursor of " + bytes.length + " bytes, version "
                        + (bytes.length > 0 ? bytes[0] : -1) + "; expected " + SIZE + " bytes of version " + VERSION
                        + " or " + SIZE_WITHOUT_EPOCH + " bytes of version " + VERSION_WITHOUT_EPOCH);
            }
            return new ClipCursor(epoch, b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                    b.getLong(), b.getLong(), b.getLong(), b.getLong());
        };
    }
}
