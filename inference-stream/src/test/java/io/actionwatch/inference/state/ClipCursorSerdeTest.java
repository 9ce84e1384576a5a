package io.actionwatch.inference.state;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipCursorSerdeTest {

    private final ClipCursorSerde serde = new ClipCursorSerde();

    @Test
    void roundTripsEveryField() {
        ClipCursor cursor = new ClipCursor(7, 130, 1_700_000_000_000L, 40, 3, 2, 6, 1, 4);
        ClipCursor back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", cursor));
        assertThat(back).usingRecursiveComparison().isEqualTo(cursor);
    }

    @Test
    void refusesBytesOfAnotherLayout() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[]{9, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version");
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
}
