package io.actionwatch.inference.preprocess;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.actionwatch.jpeg.TurboJpeg;

/**
 * JPEG decoding with libjpeg-turbo (SIMD IDCT and colour conversion), with the default settings PIL also uses when
 * the model is trained (accurate integer IDCT, smooth chroma upsampling): on the data set's 320x240 frames its pixels
 * equal PIL's and ImageIO's. Faster than the JDK's libjpeg 6b by 5-30% on 320x240 frames in the benchmark suite's runs
 * (the copies into and out of native memory are part of that).
 *
 * <p>Owns one TurboJPEG handle and two native buffers, reused from frame to frame and freed by {@link #close()}; one
 * thread at a time. The frame is copied into native memory once and the pixels once out of it. Corrupt data fails
 * instead of decoding to grey ({@code TJFLAG_STOPONWARNING}), and the header's size is checked before any pixel
 * memory is sized from it.
 */
public final class TurboJpegDecoder implements ImageDecoder {

    private final int[] width = new int[1];
    private final int[] height = new int[1];
    private final int[] subsampling = new int[1];
    private final int[] colorspace = new int[1];
    /** The frame's byte count as C's unsigned long, reused so a frame allocates nothing here. */
    private final NativeLong size = new NativeLong();
    private Pointer handle;
    private Memory input;
    private Memory output;
    private byte[] pixels = new byte[0];

    /**
     * @throws IllegalStateException when libjpeg-turbo is not installed (the message says how to install it)
     */
    public TurboJpegDecoder() {
        TurboJpeg.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        this.handle = TurboJpeg.tjInitDecompress();
        if (handle == null) {
            throw new IllegalStateException("tjInitDecompress failed: " + TurboJpeg.tjGetErrorStr2(null));
        }
    }

    /** Whether libjpeg-turbo can be used in this process; otherwise {@link #unavailableReason()}. */
    public static boolean isAvailable() {
        return TurboJpeg.isAvailable();
    }

    public static String unavailableReason() {
        return TurboJpeg.unavailableReason().orElse("available");
    }

    @Override
    public ImageSize probe(byte[] data, int offset, int length) throws ImageDecodeException {
        return JpegHeader.size(data, offset, length);
    }

    @Override
    public void decode(byte[] data, int offset, int length, DecodedImage into) throws ImageDecodeException {
        if (handle == null) {
            throw new IllegalStateException("decoder is closed");
        }
        if (length <= 0 || offset < 0 || offset + length > data.length) {
            throw new ImageDecodeException("empty or out-of-range JPEG data (" + length + " bytes)");
        }
        Memory jpeg = inputOf(length);
        jpeg.write(0, data, offset, length);
        size.setValue(length);
        if (TurboJpeg.tjDecompressHeader3(handle, jpeg, size, width, height, subsampling, colorspace) != 0) {
            throw failure(length);
        }
        int w = width[0];
        int h = height[0];
        ImageDecoder.requireDecodableSize(w, h);
        int bytes = 3 * w * h;
        Memory rgb = outputOf(bytes);
        if (TurboJpeg.tjDecompress2(handle, jpeg, size, rgb, w, 3 * w, h, TurboJpeg.PIXEL_FORMAT_RGB,
                TurboJpeg.FLAG_STOP_ON_WARNING) != 0) {
            throw failure(length);
        }
        if (pixels.length < bytes) {
            pixels = new byte[bytes];
        }
        rgb.read(0, pixels, 0, bytes);
        into.set(pixels, w, h, 3 * w, 0, 1, 2);
    }

    @Override
    public void close() {
        if (handle != null) {
            TurboJpeg.tjDestroy(handle);
            handle = null;
        }
        if (input != null) {
            input.close();
            input = null;
        }
        if (output != null) {
            output.close();
            output = null;
        }
    }

    private Memory inputOf(int length) {
        if (input == null || input.size() < length) {
            if (input != null) {
                input.close();
            }
            // Headroom so a slightly larger next frame does not reallocate.
            input = new Memory(length + (length >> 2));
        }
        return input;
    }

    private Memory outputOf(int bytes) {
        if (output == null || output.size() < bytes) {
            if (output != null) {
                output.close();
            }
            output = new Memory(bytes);
        }
        return output;
    }

    private ImageDecodeException failure(int length) {
        return new ImageDecodeException("corrupt or undecodable JPEG (" + length + " bytes): "
                + TurboJpeg.tjGetErrorStr2(handle));
    }
}
