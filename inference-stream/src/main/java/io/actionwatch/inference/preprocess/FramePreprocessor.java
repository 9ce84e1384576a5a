package io.actionwatch.inference.preprocess;

import java.nio.ByteBuffer;

/**
 * Encoded frame to model-ready slice: decode, check the decoded size against the declared one, resize and
 * normalise into a pooled slice. One instance per task thread (decoder and tensorizer are single-threaded); the
 * slice pool is shared.
 */
public final class FramePreprocessor implements AutoCloseable {

    private final ImageDecoder decoder;
    private final FrameTensorizer tensorizer;
    private final PixelSlicePool pool;
    private final DecodedImage image = new DecodedImage();

    public FramePreprocessor(ImageDecoder decoder, FrameTensorizer tensorizer, PixelSlicePool pool) {
        if (tensorizer.frameFloats() != pool.sliceFloats()) {
            throw new IllegalArgumentException("pool slices of " + pool.sliceFloats() + " floats do not fit frames of "
                    + tensorizer.frameFloats());
        }
        this.decoder = decoder;
        this.tensorizer = tensorizer;
        this.pool = pool;
    }

    public PixelSlicePool pool() {
        return pool;
    }

    /**
     * Checks only the header's size against the declared one: enough for a frame no clip will use.
     */
    public void checkHeader(ByteBuffer data, int declaredWidth, int declaredHeight) throws ImageDecodeException {
        ImageDecoder.ImageSize size = decoder.probe(array(data), offset(data), data.remaining());
        checkSize(size.width(), size.height(), declaredWidth, declaredHeight);
    }

    /**
     * Decodes and preprocesses a frame.
     *
     * @return a slice from the pool; the caller owns it and gives it back with {@link PixelSlicePool#release}
     */
    public float[] preprocess(ByteBuffer data, int declaredWidth, int declaredHeight) throws ImageDecodeException {
        // The header first: a frame whose JPEG claims another size is refused before pixel memory is sized for it.
        decode(data, declaredWidth, declaredHeight);
        float[] slice = pool.acquire();
        tensorizer.tensorize(image, slice);
        return slice;
    }

    /**
     * Decodes a frame without preprocessing it for the classifier, for models that look at whole images another
     * way (the pose model). The image belongs to this preprocessor and is overwritten by its next decode.
     */
    public DecodedImage decode(ByteBuffer data, int declaredWidth, int declaredHeight) throws ImageDecodeException {
        checkHeader(data, declaredWidth, declaredHeight);
        decoder.decode(array(data), offset(data), data.remaining(), image);
        checkSize(image.width(), image.height(), declaredWidth, declaredHeight);
        return image;
    }

    /** Closes the decoder (native memory); the shared slice pool stays open. */
    @Override
    public void close() {
        decoder.close();
    }

    private static void checkSize(int width, int height, int declaredWidth, int declaredHeight)
            throws ImageDecodeException {
        if (width != declaredWidth || height != declaredHeight) {
            throw new ImageDecodeException(ImageDecodeException.Reason.WRONG_DIMENSIONS, "image is " + width + "x"
                    + height + " but the frame declares " + declaredWidth + "x" + declaredHeight, null);
        }
    }

    private static byte[] array(ByteBuffer data) {
        if (data.hasArray()) {
            return data.array();
        }
        // Avro hands out heap buffers; a direct one is copied once rather than failing.
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }

    private static int offset(ByteBuffer data) {
        return data.hasArray() ? data.arrayOffset() + data.position() : 0;
    }
}
