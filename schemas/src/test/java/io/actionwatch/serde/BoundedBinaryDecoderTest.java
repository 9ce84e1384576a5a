package io.actionwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The bounded decoder reads what Avro writes exactly as Avro's own decoder would, and refuses, before allocating
 * anything by them, lengths and counts the payload cannot hold.
 */
class BoundedBinaryDecoderTest {

    /** Every kind of value the binary encoding has, and collections of several items. */
    private static final Schema ALL_TYPES = new Schema.Parser().parse("""
            {"type": "record", "name": "AllTypes", "fields": [
              {"name": "n", "type": "null"},
              {"name": "flag", "type": "boolean"},
              {"name": "i", "type": "int"},
              {"name": "l", "type": "long"},
              {"name": "f", "type": "float"},
              {"name": "d", "type": "double"},
              {"name": "s", "type": "string"},
              {"name": "b", "type": "bytes"},
              {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
              {"name": "e", "type": {"type": "enum", "name": "Colour", "symbols": ["RED", "GREEN", "BLUE"]}},
              {"name": "u", "type": ["null", "string", "long"]},
              {"name": "a", "type": {"type": "array", "items": "long"}},
              {"name": "m", "type": {"type": "map", "values": "string"}},
              {"name": "nested", "type": {"type": "array", "items": {"type": "map", "values": "bytes"}}},
              {"name": "tail", "type": "string"}
            ]}""");

    /** Reads ALL_TYPES without most of its fields, so a reader has to skip each kind of value. */
    private static final Schema FEW_FIELDS = new Schema.Parser().parse("""
            {"type": "record", "name": "AllTypes", "fields": [
              {"name": "i", "type": "int"},
              {"name": "tail", "type": "string"}
            ]}""");

    private static final int GIB = 1 << 30;

    @Test
    void readsEveryTypeAsAvroWroteIt() throws IOException {
        GenericRecord record = sample();
        assertThat(encode(record, true)).as("sized blocks are another encoding").isNotEqualTo(encode(record, false));
        for (byte[] body : List.of(encode(record, false), encode(record, true))) {
            assertThat(read(ALL_TYPES, ALL_TYPES, body)).isEqualTo(record);
        }
    }

    @Test
    void skipsEveryTypeAFieldTheReaderDropsHas() throws IOException {
        GenericRecord record = sample();
        for (byte[] body : List.of(encode(record, false), encode(record, true))) {
            GenericRecord few = read(ALL_TYPES, FEW_FIELDS, body);
            assertThat(few.get("i")).isEqualTo(-123_456);
            assertThat(few.get("tail").toString()).isEqualTo("end \u00e9\u20ac");
        }
    }

    @Test
    void extremeNumbersRoundTrip() throws IOException {
        Schema numbers = new Schema.Parser().parse("""
                {"type": "record", "name": "N", "fields": [
                  {"name": "i", "type": {"type": "array", "items": "int"}},
                  {"name": "l", "type": {"type": "array", "items": "long"}},
                  {"name": "d", "type": {"type": "array", "items": "double"}}]}""");
        GenericRecord record = new GenericData.Record(numbers);
        record.put("i", List.of(0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE));
        record.put("l", List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40));
        record.put("d", List.of(0.0, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, -1.5e300));
        assertThat(read(numbers, numbers, encode(record, false))).isEqualTo(record);
    }

    @Test
    void aStringLongerThanThePayloadIsRefusedBeforeItIsAllocated() {
        byte[] body = concat(varint(GIB), "abc".getBytes(StandardCharsets.UTF_8));
        Schema string = Schema.create(Schema.Type.STRING);
        assertRefusedCheaply(string, body, "string at byte 5 declares 1073741824 bytes; only 3 of the payload's 8 "
                + "bytes are left");
    }

    @Test
    void bytesLongerThanThePayloadAreRefusedBeforeTheyAreAllocated() {
        byte[] body = concat(varint(GIB), new byte[] {1, 2});
        assertRefusedCheaply(Schema.create(Schema.Type.BYTES), body, "bytes value at byte 5 declares 1073741824 bytes");
    }

    @Test
    void aMapOfMoreEntriesThanThePayloadHasBytesIsRefusedBeforeItsTableIsSized() {
        // 2^30 entries, then one real entry: a HashMap sized for the count would ask for a 4-8 GiB table.
        byte[] body = concat(varint(GIB), varint(1), "k".getBytes(StandardCharsets.UTF_8), varint(1),
                "v".getBytes(StandardCharsets.UTF_8), varint(0));
        Schema map = Schema.createMap(Schema.create(Schema.Type.STRING));
        assertRefusedCheaply(map, body, "map block at byte 5 declares 1073741824 items; the payload's 10 bytes hold "
                + "at most 10 more map or array items");
    }

    @Test
    void anArrayOfItemsThatTakeNoBytesCannotAnnounceMoreItemsThanThePayloadHasBytes() {
        // Nulls take no bytes: blocks of 2^30 nulls would be a valid encoding an array slot per item, and a skipping
        // reader would loop over each. Block after block may not add up to more items than the payload's bytes.
        Schema nulls = Schema.createArray(Schema.create(Schema.Type.NULL));
        byte[] small = concat(varint(2), varint(1), varint(0));
        assertThatRead(nulls, small).as("as many items as bytes").isEqualTo(Arrays.asList(null, null, null));
        byte[] repeated = concat(varint(3), varint(3), varint(3), varint(0));
        assertRefusedCheaply(nulls, repeated, "array block at byte 2 declares 3 items; the payload's 4 bytes hold "
                + "at most 1 more map or array items");
        byte[] huge = concat(varint(-GIB), varint(0), varint(0));
        assertRefusedCheaply(nulls, huge, "array block at byte 6 declares 1073741824 items");
    }

    @Test
    void aBlockSizeOrALengthThatIsNegativeOrPastTheEndIsRefused() {
        Schema strings = Schema.createArray(Schema.create(Schema.Type.STRING));
        assertRefusedCheaply(strings, concat(varint(-1), varint(GIB), varint(0)), "array block at byte 6 declares "
                + "1073741824 bytes");
        assertRefusedCheaply(strings, concat(varint(-1), varint(-5), varint(0)), "declares a negative size, -5");
        assertRefusedCheaply(Schema.create(Schema.Type.STRING), varint(-2), "declares a negative length, -2");
    }

    @Test
    void truncatedAndOverlongNumbersAreRefused() {
        assertRefusedCheaply(Schema.create(Schema.Type.LONG), new byte[] {(byte) 0x80}, "the payload's 1 bytes end");
        byte[] elevenBytes = new byte[11];
        Arrays.fill(elevenBytes, (byte) 0xFF);
        assertRefusedCheaply(Schema.create(Schema.Type.LONG), elevenBytes, "longer than 10 bytes");
        assertRefusedCheaply(Schema.create(Schema.Type.INT), varint(1L << 33), "does not fit in 32 bits");
        assertRefusedCheaply(Schema.create(Schema.Type.DOUBLE), new byte[] {1, 2, 3}, "double at byte 0 declares 8");
        assertRefusedCheaply(Schema.create(Schema.Type.BOOLEAN), new byte[] {2}, "neither 0 nor 1");
    }

    @Test
    void tellsWhetherEveryByteWasRead() throws IOException {
        byte[] payload = {9, 9, 2, 'x', 7};
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(payload, 2, 2);
        assertThat(decoder.isEnd()).isFalse();
        assertThat(decoder.readString()).isEqualTo("x");
        assertThat(decoder.isEnd()).as("the byte past the range is not the decoder's").isTrue();
    }

    private static org.assertj.core.api.ObjectAssert<Object> assertThatRead(Schema schema, byte[] body) {
        try {
            return assertThat(new GenericDatumReader<Object>(schema).read(null,
                    new BoundedBinaryDecoder(body, 0, body.length)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refused with {@code message}, having allocated well under a MiB (the payloads declare a GiB or more). */
    private static void assertRefusedCheaply(Schema schema, byte[] body, String message) {
        GenericDatumReader<Object> reader = new GenericDatumReader<>(schema);
        long allocated = ThreadAllocation.during(() ->
                assertThatThrownBy(() -> reader.read(null, new BoundedBinaryDecoder(body, 0, body.length)))
                        .isInstanceOf(IOException.class).hasMessageContaining(message));
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(1 << 20);
    }

    private static GenericRecord read(Schema writer, Schema reader, byte[] body) throws IOException {
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(padded(body), 3, body.length);
        GenericRecord record = new GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);
        assertThat(decoder.isEnd()).isTrue();
        return record;
    }

    /** The body inside a larger array, as a wire-format payload has it behind its header. */
    private static byte[] padded(byte[] body) {
        byte[] padded = new byte[body.length + 5];
        System.arraycopy(body, 0, padded, 3, body.length);
        padded[0] = 0x7F;
        padded[padded.length - 1] = 0x7F;
        return padded;
    }

    private static GenericRecord sample() {
        Schema colour = ALL_TYPES.getField("e").schema();
        Schema four = ALL_TYPES.getField("fx").schema();
        GenericRecord record = new GenericData.Record(ALL_TYPES);
        record.put("n", null);
        record.put("flag", true);
        record.put("i", -123_456);
        record.put("l", 9_876_543_210L);
        record.put("f", 1.25f);
        record.put("d", -2.5e-7);
        record.put("s", new org.apache.avro.util.Utf8("h\u00e9llo \uD83D\uDE00"));
        record.put("b", ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xFF}));
        record.put("fx", new GenericData.Fixed(four, new byte[] {9, 8, 7, 6}));
        record.put("e", new GenericData.EnumSymbol(colour, "BLUE"));
        record.put("u", 42L);
        List<Long> longs = new ArrayList<>();
        for (long i = 0; i < 300; i++) {
            longs.add(i * i - 1000);
        }
        record.put("a", new GenericData.Array<>(ALL_TYPES.getField("a").schema(), longs));
        Map<org.apache.avro.util.Utf8, org.apache.avro.util.Utf8> map = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            map.put(new org.apache.avro.util.Utf8("key" + i), new org.apache.avro.util.Utf8("value " + i));
        }
        record.put("m", map);
        Map<org.apache.avro.util.Utf8, ByteBuffer> inner = new LinkedHashMap<>();
        inner.put(new org.apache.avro.util.Utf8("x"), ByteBuffer.wrap(new byte[] {5}));
        record.put("nested", new GenericData.Array<>(ALL_TYPES.getField("nested").schema(),
                List.of(inner, Map.of(), inner)));
        record.put("tail", new org.apache.avro.util.Utf8("end \u00e9\u20ac"));
        return record;
    }

    /**
     * Avro's encoding of {@code record}; {@code blocking} writes maps and arrays in sized blocks (negative counts
     * followed by byte sizes, small blocks so there are several), the form a reader may skip block by block.
     */
    private static byte[] encode(GenericRecord record, boolean blocking) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = blocking
                ? new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null)
                : EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] varint(long value) {
        long n = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
