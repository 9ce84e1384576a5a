package io.actionwatch.inference.preprocess;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JPEG decoding through the JDK's ImageIO. Decodes straight into a reused BGR image of the frame's size, so once a
 * camera's resolution is known a frame allocates nothing but ImageIO's own stream objects. Truncated or corrupt
 * data, which ImageIO reports only as warnings while filling the rest with grey, is rejected: a damaged frame
 * would silently skew the model.
 */
public final class ImageIoJpegDecoder implements ImageDecoder {

    private final ImageReader reader;
    private final List<String> warnings = new ArrayList<>();
    private BufferedImage destination;

    public ImageIoJpegDecoder() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO JPEG reader");
        }
        this.reader = readers.next();
        this.reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    }

    @Override
    public ImageSize probe(byte[] data, int offset, int length) throws ImageDecodeException {
        try (ImageInputStream in = open(data, offset, length)) {
            reader.setInput(in, true, true);
            return new ImageSize(reader.getWidth(0), reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException("not a readable JPEG header (" + length + " bytes): " + describe(e), e);
        } finally {
            reader.setInput(null);
        }
    }

    @Override
    public void decode(byte[] data, int offset, int length, DecodedImage into) throws ImageDecodeException {
        warnings.clear();
        try (ImageInputStream in = open(data, offset, length)) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            BufferedImage target = destinationOf(width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setDestination(target);
            try {
                reader.read(0, param);
            } catch (IIOException e) {
                if (!isDestinationTypeMismatch(e)) {
                    throw e;
                }
                // Grey-scale or unusual JPEGs cannot be decoded into BGR directly; convert once (rare path).
                warnings.clear();
                reader.setInput(null);
                try (ImageInputStream again = open(data, offset, length)) {
                    reader.setInput(again, true, true);
                    BufferedImage decoded = reader.read(0);
                    Graphics2D g = target.createGraphics();
                    try {
                        g.drawImage(decoded, 0, 0, null);
                    } finally {
                        g.dispose();
                    }
                }
            }
            if (!warnings.isEmpty()) {
                throw new ImageDecodeException("corrupt JPEG (" + length + " bytes): " + String.join("; ", warnings));
            }
            byte[] pixels = ((DataBufferByte) target.getRaster().getDataBuffer()).getData();
            // TYPE_3BYTE_BGR: interleaved B, G, R with no row padding.
            into.set(pixels, width, height, 3 * width, 2, 1, 0);
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException("undecodable JPEG (" + length + " bytes): " + describe(e), e);
        } finally {
            reader.setInput(null);
        }
    }

    private BufferedImage destinationOf(int width, int height) {
        if (destination == null || destination.getWidth() != width || destination.getHeight() != height) {
            destination = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        }
        return destination;
    }

    private static boolean isDestinationTypeMismatch(IIOException e) {
        String message = e.getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("destination");
    }

    private static ImageInputStream open(byte[] data, int offset, int length) {
        // In-memory stream explicitly: ImageIO.createImageInputStream may spill to a temporary file per frame.
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(data, offset, length));
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
