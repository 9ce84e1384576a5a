package io.actionwatch.inference.preprocess;

/**
 * Decodes one encoded frame. Kept behind this interface so a faster native decoder (libjpeg-turbo, nvJPEG) can
 * replace ImageIO without touching the pipeline. Instances are used by one thread at a time.
 */
public interface ImageDecoder {

    /** Width and height from the image header alone, without decoding pixels. */
    ImageSize probe(byte[] data, int offset, int length) throws ImageDecodeException;

    /** Decodes the whole image into {@code into}, reusing decoder-owned pixel memory where sizes allow. */
    void decode(byte[] data, int offset, int length, DecodedImage into) throws ImageDecodeException;

    record ImageSize(int width, int height) {
    }
}
