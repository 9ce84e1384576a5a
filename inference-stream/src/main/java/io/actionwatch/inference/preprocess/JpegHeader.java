package io.actionwatch.inference.preprocess;

/**
 * Reads a JPEG's width and height from its frame header (SOFn marker) by walking the marker segments, without a
 * decoder: for frames no clip uses, the pipeline only checks that the bytes are a JPEG of the declared size. About
 * 100x cheaper than asking ImageIO and allocation-free. The bytes must start with SOI and reach a SOFn segment
 * through well-formed segments before any scan; anything else is not a readable header.
 */
final class JpegHeader {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int TEM = 0x01;

    private JpegHeader() {
    }

    static ImageDecoder.ImageSize size(byte[] data, int offset, int length) throws ImageDecodeException {
        int end = offset + length;
        if (offset < 0 || length < 4 || end > data.length
                || (data[offset] & 0xFF) != 0xFF || (data[offset + 1] & 0xFF) != SOI) {
            throw unreadable(length, "no JPEG start-of-image marker");
        }
        int p = offset + 2;
        while (p + 4 <= end) {
            if ((data[p] & 0xFF) != 0xFF) {
                throw unreadable(length, "expected a marker at byte " + (p - offset));
            }
            int marker = data[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++; // fill byte before a marker
                continue;
            }
            if (marker == SOS || marker == EOI) {
                throw unreadable(length, "no frame header before the " + (marker == SOS ? "scan" : "end of image"));
            }
            if (marker == TEM || (marker >= 0xD0 && marker <= 0xD7)) {
                p += 2; // stand-alone markers carry no length
                continue;
            }
            int segment = ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
            if (segment < 2 || p + 2 + segment > end) {
                throw unreadable(length, "segment 0xFF" + Integer.toHexString(marker) + " of " + segment
                        + " bytes runs past the data");
            }
            if (isFrameHeader(marker)) {
                if (segment < 8) {
                    throw unreadable(length, "frame header too short");
                }
                int height = ((data[p + 5] & 0xFF) << 8) | (data[p + 6] & 0xFF);
                int width = ((data[p + 7] & 0xFF) << 8) | (data[p + 8] & 0xFF);
                if (width == 0 || height == 0) {
                    throw unreadable(length, "frame header declares " + width + "x" + height);
                }
                return new ImageDecoder.ImageSize(width, height);
            }
            p += 2 + segment;
        }
        throw unreadable(length, "data ends before a frame header");
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static ImageDecodeException unreadable(int length, String why) {
        return new ImageDecodeException("not a readable JPEG header (" + length + " bytes): " + why);
    }
}
