package io.actionwatch.inference.state;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipCursorSerdeTest {

    private final ClipCursorSerde serde = new ClipCursorSerde();

    @Test
    void roundTripsEveryFieldTheEpochIncluded() {
        ClipCursor cursor = new ClipCursor(1_900_000_000_000L, 7, 130, 1_700_000_000_000L, 40, 3, 2, 6, 1, 4);
        byte[] bytes = serde.serializer().serialize("t", cursor);
        assertThat(bytes[0]).isEqualTo(ClipCursorSerde.VERSION).isEqualTo((byte) 2);
        ClipCursor back = serde.deserializer().deserialize("t", bytes);
        assertThat(back).usingRecursiveComparison().isEqualTo(cursor);
        assertThat(back.epoch()).isEqualTo(1_900_000_000_000L);
    }

    @Test
    void readsACursorStoredBeforeEpochsAsEpochZero() {
        ByteBuffer v1 = ByteBuffer.allocate(1 + 9 * Long.BYTES).put((byte) 1);
        for (long value : new long[]{7, 130, 1_700_000_000_000L, 40, 3, 2, 6, 1, 4}) {
            v1.putLong(value);
        }
        ClipCursor back = serde.deserializer().deserialize("t", v1.array());
        assertThat(back).usingRecursiveComparison()
                .isEqualTo(new ClipCursor(0, 7, 130, 1_700_000_000_000L, 40, 3, 2, 6, 1, 4));
    }

    @Test
    void refusesBytesOfAnotherLayout() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[]{9, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
        byte[] unknownVersion = serde.serializer().serialize("t", new ClipCursor(5, 1, 2, 3));
        unknownVersion[0] = 3;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", unknownVersion))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 3");
        byte[] versionOneWithEpochSize = serde.serializer().serialize("t", new ClipCursor(5, 1, 2, 3));
        versionOneWithEpochSize[0] = 1;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", versionOneWithEpochSize))
                .isInstanceOf(SerializationException.class).hasMessageContaining("81 bytes, version 1");
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
