package io.actionwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        byte[] header = new byte[5];
        WireFormat.writeHeader(header, 0x01020304);
        assertThat(header).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId("t", header)).isEqualTo(0x01020304);
    }

    @Test
    void largeIdsKeepAllBits() {
        byte[] header = new byte[5];
        WireFormat.writeHeader(header, 0xFFFFFFFE);
        assertThat(header).containsExactly(0, 0xFF, 0xFF, 0xFF, 0xFE);
        assertThat(WireFormat.schemaId("t", header)).isEqualTo(0xFFFFFFFE);
    }

    @Test
    void nullShortAndWrongMagicAreNotWireFormat() {
        assertNotWireFormat(null, "is null");
        assertNotWireFormat(new byte[] {0, 0, 0, 1}, "4 bytes");
        assertNotWireFormat(new byte[0], "0 bytes");
        assertNotWireFormat(new byte[] {1, 0, 0, 0, 1, 2}, "0x01");
        assertNotWireFormat("{\"json\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "0x7b");
    }

    private static void assertNotWireFormat(byte[] payload, String detail) {
        assertThatThrownBy(() -> WireFormat.schemaId("frames.v1", payload))
                .isInstanceOfSatisfying(PayloadException.class,
                        e -> assertThat(e.kind()).isEqualTo(PayloadErrorKind.NOT_WIRE_FORMAT))
                .hasMessageContaining("frames.v1")
                .hasMessageContaining(detail);
    }
}
