package io.actionwatch.inference.window;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/** Fixed binary layout of {@link CameraCursor} in its store: a version byte and nine big-endian longs. */
public final class CameraCursorSerde implements Serde<CameraCursor> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 9 * Long.BYTES;

    @Override
    public Serializer<CameraCursor> serializer() {
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
    public Deserializer<CameraCursor> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != SIZE || bytes[0] != VERSION) {
                throw new SerializationException("camera cursor of " + bytes.length + " bytes, version "
                        + (bytes.length > 0 ? bytes[0] : -1) + "; expected " + SIZE + " bytes, version " + VERSION);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
            return new CameraCursor(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                    b.getLong(), b.getLong(), b.getLong());
        };
    }
}
