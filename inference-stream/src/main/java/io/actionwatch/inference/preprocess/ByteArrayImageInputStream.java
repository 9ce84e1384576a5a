package io.actionwatch.inference.preprocess;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO input stream reading straight from a byte array region. ImageIO's {@code MemoryCacheImageInputStream}
 * over a {@code ByteArrayInputStream} copies the data into freshly allocated 8 KB cache blocks as it reads (about
 * 27 KB of garbage for a 13 KB frame); the bytes are already in memory, so this reads them in place.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {

    private final byte[] data;
    private final int offset;
    private final int length;

    ByteArrayImageInputStream(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + length + " outside " + data.length
                    + " bytes");
        }
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= length) {
            return -1;
        }
        return data[offset + (int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("region " + off + "+" + len + " outside " + b.length + " bytes");
        }
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        long left = length - streamPos;
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        System.arraycopy(data, offset + (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void seek(long pos) throws java.io.IOException {
        // ImageInputStreamImpl checks against the flushed position; the data itself never goes away.
        super.seek(pos);
    }
}
