package io.actionwatch.inference.preprocess;

/**
 * Decodes one encoded frame. Implementations: libjpeg-turbo ({@link TurboJpegDecoder}) and the JDK's ImageIO
 * ({@link ImageIoJpegDecoder}); {@link JpegDecoderChoice} picks one. Instances are used by one thread at a time and
 * may hold native memory until closed.
 */
public interface ImageDecoder extends AutoCloseable {

    /** Largest image a decoder sizes pixel memory for (8192 x 8192): a header alone cannot make it allocate more. */
    long MAX_PIXELS = 1L << 26;

    /**
     * Refuses a header size no decoder should size pixel memory for: called by every decoder between reading the
     * header and allocating.
     */
    static void requireDecodableSize(int width, int height) throws ImageDecodeException {
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
            throw new ImageDecodeException("JPEG header declares " + width + "x" + height + " pixels, outside 1.."
                    + MAX_PIXELS);
        }
    }

    /** Width and height from the image header alone, without decoding pixels. */
    ImageSize probe(byte[] data, int offset, int length) throws ImageDecodeException;

    /** Decodes the whole image into {@code into}, reusing decoder-owned pixel memory where sizes allow. */
    void decode(byte[] data, int offset, int length, DecodedImage into) throws ImageDecodeException;

    /** Frees what the decoder holds; it cannot be used afterwards. */
    @Override
    void close();

    record ImageSize(int width, int height) {
    }
}
