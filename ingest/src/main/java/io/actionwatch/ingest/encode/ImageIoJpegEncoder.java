package io.actionwatch.ingest.encode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * JPEG encoding with the JDK's ImageIO writer (libjpeg 6b: baseline, 4:2:0 chroma, JFIF), where libjpeg-turbo is
 * not installed. The writer and its output buffer are reused; not thread-safe.
 */
final class ImageIoJpegEncoder implements JpegEncoder.Backend {

    private final ImageWriter writer;
    private final ImageWriteParam param;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    /** @param quality 0 (smallest) to 1 (best), e.g. 0.85 */
    ImageIoJpegEncoder(float quality) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO JPEG writer");
        }
        this.writer = writers.next();
        this.param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
    }

    /**
     * Encodes an RGB image (TYPE_3BYTE_BGR or TYPE_INT_RGB work best; images with alpha are refused by the JPEG
     * writer) and returns a fresh array with the JPEG bytes.
     */
    @Override
    public byte[] encode(BufferedImage image) {
        buffer.reset();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding of a " + image.getWidth() + "x" + image.getHeight()
                    + " image failed", e);
        } finally {
            writer.setOutput(null);
        }
        return buffer.toByteArray();
    }

    @Override
    public void close() {
        writer.dispose();
    }
}
