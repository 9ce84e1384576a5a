package io.actionwatch.jpeg;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * libjpeg-turbo's TurboJPEG C API (Debian/Ubuntu: {@code libturbojpeg0}; Ubuntu 18.04: {@code libturbojpeg}), bound
 * with JNA direct mapping, once per JVM: the calls the camera's encoder and the stream application's decoder need.
 * When the library is missing, {@link #unavailableReason()} says why and callers fall back to ImageIO.
 *
 * <p>Not through imageio-turbojpeg: that library registers itself as the JVM-wide ImageIO JPEG reader and writer,
 * which would silently swap the codec under every other ImageIO user in the process, and its calls allocate an image
 * and a native handle per frame.
 */
public final class TurboJpeg {

    /** {@code TJPF_RGB}: interleaved R, G, B bytes. */
    public static final int PIXEL_FORMAT_RGB = 0;
    /** {@code TJPF_BGR}: interleaved B, G, R bytes, the layout of a {@code TYPE_3BYTE_BGR} image. */
    public static final int PIXEL_FORMAT_BGR = 1;
    /** {@code TJSAMP_420}: chroma halved both ways, as ImageIO's JPEG writer does for colour images. */
    public static final int SUBSAMPLING_420 = 2;
    /** {@code TJFLAG_NOREALLOC}: write into the caller's buffer (sized with tjBufSize) instead of allocating. */
    public static final int FLAG_NO_REALLOC = 1024;
    /** {@code TJFLAG_STOPONWARNING}: corrupt data that libjpeg would only warn about fails the call instead. */
    public static final int FLAG_STOP_ON_WARNING = 8192;

    private static final String[] NAMES = {"turbojpeg", "libturbojpeg.so.0"};
    private static final String UNAVAILABLE = bind();

    private TurboJpeg() {
    }

    public static native Pointer tjInitDecompress();

    public static native int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong jpegSize, int[] width,
                                                 int[] height, int[] subsampling, int[] colorspace);

    public static native int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong jpegSize, Pointer destination,
                                           int width, int pitch, int height, int pixelFormat, int flags);

    public static native Pointer tjInitCompress();

    /** The largest JPEG {@link #tjCompress2} can produce for an image of this size and subsampling. */
    public static native NativeLong tjBufSize(int width, int height, int subsampling);

    public static native int tjCompress2(Pointer handle, byte[] source, int width, int pitch, int height,
                                         int pixelFormat, PointerByReference jpeg, NativeLongByReference jpegSize,
                                         int subsampling, int quality, int flags);

    public static native String tjGetErrorStr2(Pointer handle);

    public static native int tjDestroy(Pointer handle);

    /** Empty when the library is bound; otherwise why it is not, with the package that provides it. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    public static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    private static String bind() {
        List<String> failures = new ArrayList<>();
        for (String name : NAMES) {
            try {
                Native.register(TurboJpeg.class, NativeLibrary.getInstance(name));
                return null;
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        return "libjpeg-turbo's TurboJPEG library could not be loaded (Debian/Ubuntu: apt-get install libturbojpeg0) "
                + String.join("; ", failures);
    }
}
