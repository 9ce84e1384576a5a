package io.actionwatch.inference.state;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/** Fixed binary layout of {@link ClipCursor} in its store: a version byte and nine big-endian longs. */
public final class ClipCursorSerde implements Serde<ClipCursor> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 9 * Long.BYTES;

    @Override
    public Serializer<ClipCursor> serializer() {
        return (topic, cursor) -> cursor == null ? null : ByteBuffer.allocate(SIZE)
                .put(VERSION)
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
            if (bytes.length != SIZE || bytes[0] != VERSION) {
                throw new SerializationException("clip cursor of " + bytes.length + " bytes, version "
                        + (bytes.length > 0 ? bytes[0] : -1) + "; expected " + SIZE + " bytes, version " + VERSION);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
            return new ClipCursor(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                    b.getLong(), b.getLong(), b.getLong());
        };
    }
}
