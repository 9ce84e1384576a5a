package io.actionwatch.benchmark.stages;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The decoder's previous ImageIO use, kept only as a reference row of the stage table so that the fast path's
 * effect is measured side by side in every run: decoding into a reused {@code TYPE_3BYTE_BGR} image, and reading
 * the header through the ImageIO reader.
 */
final class PreviousImageIoPath {

    private final ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    private BufferedImage destination;

    void decode(byte[] jpeg) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (destination == null || destination.getWidth() != width || destination.getHeight() != height) {
                destination = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            }
            ImageReadParam param = reader.getDefaultReadParam();
            param.setDestination(destination);
            reader.read(0, param);
        } catch (IOException e) {
            throw new UncheckedIOException("reference decode failed", e);
        } finally {
            reader.setInput(null);
        }
    }

    long probe(byte[] jpeg) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in, true, true);
            return (long) reader.getWidth(0) * reader.getHeight(0);
        } catch (IOException e) {
            throw new UncheckedIOException("reference probe failed", e);
        } finally {
            reader.setInput(null);
        }
    }
}
