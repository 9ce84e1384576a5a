package io.actionwatch.inference.preprocess;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * libjpeg-turbo's TurboJPEG C API (Debian: {@code libturbojpeg0}), bound with JNA direct mapping: the five calls a
 * decoder needs. Bound once per JVM; when the library is missing, {@link #unavailableReason()} says why and the
 * pipeline can fall back to ImageIO.
 *
 * <p>Not through imageio-turbojpeg: that library registers itself as the JVM-wide ImageIO JPEG reader and writer,
 * which would silently swap the codec under every other ImageIO user in the process (the cameras' encoder in the
 * embedded pipeline), and its decode call allocates an image and a native handle per frame.
 */
final class TurboJpegLibrary {

    /** {@code TJPF_RGB}: interleaved R, G, B bytes. */
    static final int PIXEL_FORMAT_RGB = 0;
    /** {@code TJFLAG_STOPONWARNING}: corrupt data that libjpeg would only warn about fails the call instead. */
    static final int FLAG_STOP_ON_WARNING = 8192;

    private static final String[] NAMES = {"turbojpeg", "libturbojpeg.so.0"};
    private static final String UNAVAILABLE = bind();

    private TurboJpegLibrary() {
    }

    static native Pointer tjInitDecompress();

    static native int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong jpegSize, int[] width,
                                          int[] height, int[] subsampling, int[] colorspace);

    static native int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong jpegSize, Pointer destination, int width,
                                    int pitch, int height, int pixelFormat, int flags);

    static native String tjGetErrorStr2(Pointer handle);

    static native int tjDestroy(Pointer handle);

    /** Empty when the library is bound; otherwise why it is not. */
    static Optional<String> unavailableReason() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    private static String bind() {
        List<String> failures = new ArrayList<>();
        for (String name : NAMES) {
            try {
                Native.register(TurboJpegLibrary.class, NativeLibrary.getInstance(name));
                return null;
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        return "libjpeg-turbo's TurboJPEG library could not be loaded (Debian/Ubuntu: apt-get install libturbojpeg0) "
                + String.join("; ", failures);
    }
}
