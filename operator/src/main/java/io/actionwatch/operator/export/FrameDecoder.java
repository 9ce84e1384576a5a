package io.actionwatch.operator.export;

import io.actionwatch.schemas.Person;
import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.text.UntrustedText;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a frame's image (JPEG, or whatever ImageIO reads) and scales it to the export's frame width at once, so a
 * clip of full-HD frames is held as small tiles; with a person, draws the person's box (normalised to the frame) on
 * it. A frame that cannot be decoded becomes a placeholder with the reason, reported at WARN, never a failed export.
 */
final class FrameDecoder {

    static final Color PERSON_BOX = new Color(255, 64, 64);
    static final int MIN_WIDTH = 16;
    static final int MAX_WIDTH = 4096;

    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private final int width;
    private final Optional<Person> person;

    /** @param width width in pixels of every decoded frame; the height keeps the frame's aspect ratio */
    FrameDecoder(int width, Optional<Person> person) {
        this.width = requireWidth(width);
        this.person = person;
    }

    /**
     * @return {@code width} when it is a usable frame width: at least a label's worth, at most a 4K frame's
     * @throws IllegalArgumentException otherwise, naming the option
     */
    static int requireWidth(int width) {
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("--width must be in [" + MIN_WIDTH + ", " + MAX_WIDTH + "] pixels, was "
                    + width);
        }
        return width;
    }

    ClipFrame decode(VideoFrame frame) {
        try {
            Optional<BufferedImage> image = read(frame.getData());
            if (image.isEmpty()) {
                return undecodable(frame, "no image reader for codec '" + UntrustedText.excerpt(frame.getCodec()) + "'");
            }
            return ClipFrame.decoded(frame.getSequence(), frame.getCaptureTime(), scaled(image.get()));
        } catch (IOException | RuntimeException e) {
            // ImageIO's JPEG reader throws runtime exceptions as well as IIOException on some corrupt data.
            return undecodable(frame, "corrupt image: " + UntrustedText.excerpt(String.valueOf(e.getMessage())));
        }
    }

    /** The image scaled to the export's width, with the person's box drawn on it when there is a person. */
    BufferedImage scaled(BufferedImage source) {
        int height = Math.max(1, Math.round(source.getHeight() * (float) width / source.getWidth()));
        BufferedImage tile = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, width, height, null);
            person.ifPresent(p -> {
                g.setColor(PERSON_BOX);
                g.setStroke(new BasicStroke(Math.max(2f, width / 160f)));
                int x = Math.round(p.getXMin() * width);
                int y = Math.round(p.getYMin() * height);
                g.drawRect(x, y, Math.round((p.getXMax() - p.getXMin()) * width),
                        Math.round((p.getYMax() - p.getYMin()) * height));
            });
        } finally {
            g.dispose();
        }
        return tile;
    }

    private static Optional<BufferedImage> read(ByteBuffer data) throws IOException {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        // In memory, not ImageIO's default file cache: a frame is small and an export should leave no temp files.
        ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        try {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return Optional.of(reader.read(0));
            } finally {
                reader.dispose();
            }
        } finally {
            input.close();
        }
    }

    private static ClipFrame undecodable(VideoFrame frame, String reason) {
        log.warn("frame not decoded camera={} sequence={} reason={}", UntrustedText.excerpt(frame.getCameraId()),
                frame.getSequence(), reason);
        return ClipFrame.undecodable(frame.getSequence(), frame.getCaptureTime(), reason);
    }
}
