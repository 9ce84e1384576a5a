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
 * JPEG encoding with the JDK's ImageIO writer (baseline, 4:2:0 chroma, JFIF), the one encoder of the project: the
 * camera and the data set both use it, so training data and live frames carry the same compression artefacts.
 * The writer and its output buffer are reused; not thread-safe (one encoder per thread).
 */
public final class JpegEncoder implements AutoCloseable {

    public static final float DEFAULT_QUALITY = 0.85f;

    private final ImageWriter writer;
    private final ImageWriteParam param;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    private final float quality;

    /** @param quality 0 (smallest) to 1 (best), e.g. 0.85 */
    public JpegEncoder(float quality) {
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in [0, 1], got " + quality);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO JPEG writer");
        }
        this.quality = quality;
        this.writer = writers.next();
        this.param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
    }

    /** Quality given as a percentage, 0-100 (the CLI's and the card's unit). */
    public static JpegEncoder withPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("JPEG quality must be in 0..100, got " + percent);
        }
        return new JpegEncoder(percent / 100f);
    }

    public float quality() {
        return quality;
    }

    /**
     * Encodes an RGB image (TYPE_3BYTE_BGR or TYPE_INT_RGB work best; images with alpha are refused by the JPEG
     * writer) and returns a fresh array with the JPEG bytes.
     */
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
