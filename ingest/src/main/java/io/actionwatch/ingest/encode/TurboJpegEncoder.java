package io.actionwatch.ingest.encode;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.actionwatch.jpeg.TurboJpeg;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;

/**
 * JPEG encoding with libjpeg-turbo's TurboJPEG: BGR pixels straight from the image's buffer, 4:2:0, into a native
 * output buffer sized once per frame size (tjBufSize, no reallocation by the library). One handle per encoder;
 * not thread-safe.
 */
final class TurboJpegEncoder implements JpegEncoder.Backend {

    private final int quality;
    private final Pointer handle;
    private final PointerByReference output = new PointerByReference();
    private final NativeLongByReference outputSize = new NativeLongByReference();
    private Memory buffer;
    private BufferedImage converted;

    /** @param quality 1-100, libjpeg's scale */
    TurboJpegEncoder(int quality) {
        TurboJpeg.unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        this.quality = Math.max(1, Math.min(100, quality));
        this.handle = TurboJpeg.tjInitCompress();
        if (handle == null) {
            throw new IllegalStateException("tjInitCompress failed: " + TurboJpeg.tjGetErrorStr2(null));
        }
    }

    static boolean isAvailable() {
        return TurboJpeg.isAvailable();
    }

    @Override
    public byte[] encode(BufferedImage image) {
        BufferedImage bgr = asPackedBgr(image);
        int width = bgr.getWidth();
        int height = bgr.getHeight();
        long capacity = TurboJpeg.tjBufSize(width, height, TurboJpeg.SUBSAMPLING_420).longValue();
        if (buffer == null || buffer.size() < capacity) {
            buffer = new Memory(capacity);
        }
        output.setValue(buffer);
        outputSize.setValue(new NativeLong(capacity));
        byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        if (TurboJpeg.tjCompress2(handle, pixels, width, width * 3, height, TurboJpeg.PIXEL_FORMAT_BGR, output,
                outputSize, TurboJpeg.SUBSAMPLING_420, quality, TurboJpeg.FLAG_NO_REALLOC) != 0) {
            throw new IllegalStateException("JPEG encoding of a " + width + "x" + height + " image failed: "
                    + TurboJpeg.tjGetErrorStr2(handle));
        }
        return buffer.getByteArray(0, (int) outputSize.getValue().longValue());
    }

    /** The image itself when its bytes are packed B, G, R rows without padding; else a converted copy (reused). */
    private BufferedImage asPackedBgr(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getSampleModel() instanceof PixelInterleavedSampleModel model
                && model.getScanlineStride() == image.getWidth() * 3
                && image.getRaster().getDataBuffer().getOffset() == 0
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0) {
            return image;
        }
        if (image.getColorModel().hasAlpha()) {
            throw new IllegalArgumentException("JPEG has no alpha channel: convert the image to RGB first");
        }
        if (converted == null || converted.getWidth() != image.getWidth()
                || converted.getHeight() != image.getHeight()) {
            converted = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        }
        Graphics2D g = converted.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return converted;
    }

    @Override
    public void close() {
        TurboJpeg.tjDestroy(handle);
    }
}
