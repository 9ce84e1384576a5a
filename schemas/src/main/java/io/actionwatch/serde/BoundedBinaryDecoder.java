package io.actionwatch.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary encoding read from one payload held in memory, where nothing a payload declares may claim more than
 * the payload itself holds. Avro's own {@code BinaryDecoder} sizes memory by what the payload says before reading
 * it: a string or bytes value by its length prefix (up to 2 GiB each), a map or array by its first block's count (a
 * {@code HashMap} or array of that many slots). So a 20-byte payload declaring a 1 GiB string allocates 1 GiB before
 * it fails, and one declaring a map of 2^30 entries asks for a 4 GiB table. Avro's limits
 * ({@code org.apache.avro.limits.*} system properties, read once per JVM) are fixed sizes for every reader in the
 * process, still let each small record claim that size, and cannot be set by a library for its own readers only.
 *
 * <p>Here the payload is the bound:
 * <ul>
 *   <li>a string, bytes or fixed value, and a skipped block, must fit in the bytes not yet read, checked before
 *       anything is allocated; so a record never allocates more for its values than its own size;</li>
 *   <li>the items all maps and arrays of the record announce, together, may be at most the payload's body length.
 *       Every item of a schema whose items take at least one byte each (strings, numbers, records with such a field:
 *       every map and array the project's schemas have) passes this; it refuses only what could not be valid for
 *       them, and bounds the slots a map or array is sized with, and the items a reader loops over, by the payload
 *       size. Arrays of nulls or of empty records, whose items take no bytes, are refused past that count.</li>
 * </ul>
 * Everything else is the Avro specification's binary encoding: zig-zag varints, little-endian IEEE 754, blocks with
 * an optional negative count followed by the block's byte size. Failures are {@link IOException}s whose messages
 * carry only numbers, never payload bytes. Single-use: one instance per payload.
 */
final class BoundedBinaryDecoder extends Decoder {

    private final byte[] data;
    private final int end;
    private final int bodyLength;
    private int position;
    /** Map and array items the payload may still announce. */
    private long itemsLeft;

    /** Reads {@code data[offset, offset + length)}. */
    BoundedBinaryDecoder(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside " + data.length
                    + " bytes");
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
        this.bodyLength = length;
        this.itemsLeft = length;
    }

    /** Whether every byte has been read. */
    boolean isEnd() {
        return position == end;
    }

    @Override
    public void readNull() {
        // null takes no bytes
    }

    @Override
    public boolean readBoolean() throws IOException {
        int b = nextByte("boolean");
        if (b > 1) {
            throw new IOException("boolean byte " + b + " at byte " + offset() + " is neither 0 nor 1");
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long raw = readVarint(5, "int");
        if (raw >>> 32 != 0) {
            throw new IOException("int at byte " + offset() + " does not fit in 32 bits");
        }
        int n = (int) raw;
        return (n >>> 1) ^ -(n & 1);
    }

    @Override
    public long readLong() throws IOException {
        long raw = readVarint(10, "long");
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "float");
        int bits = littleEndian(4);
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "double");
        long low = littleEndian(4) & 0xFFFFFFFFL;
        long high = littleEndian(4) & 0xFFFFFFFFL;
        return Double.longBitsToDouble((high << 32) | low);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(data, position, result.getBytes(), 0, length);
        position += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readLength("string");
        String result = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        int length = readLength("string"); // not "position += readLength()": Java reads position before the call
        position += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = readLength("bytes value");
        ByteBuffer result = old != null && old.hasArray() && !old.isReadOnly() && old.capacity() >= length
                ? old.clear() : ByteBuffer.allocate(length);
        result.put(data, position, length).flip();
        position += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = readLength("bytes value");
        position += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "fixed value");
        System.arraycopy(data, position, bytes, start, length);
        position += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "fixed value");
        position += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipSizedBlocks("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipSizedBlocks("map");
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    /**
     * The item count of the next block; a negative count is followed by the block's size in bytes, which only
     * readers that skip need. 0 ends the map or array.
     */
    private long readBlockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            count = negate(count, what);
            blockSize(what);
        }
        return charge(count, what);
    }

    /**
     * Skips whole blocks whose byte size is given and returns the count of the first block that must be skipped item
     * by item (no size given), or 0 at the end.
     */
    private long skipSizedBlocks(String what) throws IOException {
        long count = readLong();
        while (count < 0) {
            negate(count, what);
            int size = blockSize(what);
            position += size;
            count = readLong();
        }
        return charge(count, what);
    }

    private long negate(long count, String what) throws IOException {
        if (count == Long.MIN_VALUE) {
            throw new IOException(what + " block at byte " + offset() + " declares an impossible item count");
        }
        return -count;
    }

    private int blockSize(String what) throws IOException {
        long size = readLong();
        if (size < 0) {
            throw new IOException(what + " block at byte " + offset() + " declares a negative size, " + size);
        }
        checkFits(size, what + " block");
        return (int) size;
    }

    private long charge(long count, String what) throws IOException {
        if (count > itemsLeft) {
            throw new IOException(what + " block at byte " + offset() + " declares " + count + " items; the payload's "
                    + bodyLength + " bytes hold at most " + itemsLeft + " more map or array items");
        }
        itemsLeft -= count;
        return count;
    }

    /** A string's or bytes value's length prefix, checked against the bytes left before anything is sized by it. */
    private int readLength(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new IOException(what + " at byte " + offset() + " declares a negative length, " + length);
        }
        checkFits(length, what);
        return (int) length;
    }

    private void checkFits(long length, String what) throws EOFException {
        long left = end - position;
        if (length > left) {
            throw new EOFException(what + " at byte " + offset() + " declares " + length + " bytes; only " + left
                    + " of the payload's " + bodyLength + " bytes are left");
        }
    }

    private void require(int length, String what) throws EOFException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        checkFits(length, what);
    }

    private long readVarint(int maxBytes, String what) throws IOException {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = nextByte(what);
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return raw;
            }
        }
        throw new IOException(what + " at byte " + offset() + " is longer than " + maxBytes + " bytes");
    }

    private int nextByte(String what) throws EOFException {
        if (position >= end) {
            throw new EOFException(what + " at byte " + offset() + ": the payload's " + bodyLength
                    + " bytes end here");
        }
        return data[position++] & 0xFF;
    }

    private int littleEndian(int bytes) {
        int value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (data[position++] & 0xFF) << (8 * i);
        }
        return value;
    }

    /** Position within the body, for messages. */
    private int offset() {
        return position - (end - bodyLength);
    }
}
