package io.actionwatch.operator.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes frames as a looping animated GIF with the JDK's own GIF writer (no extra dependency): each frame carries a
 * graphic control extension with its delay, and the first the NETSCAPE2.0 extension that makes viewers loop.
 */
public final class AnimatedGif {

    /** The frame interval when a clip has too few timed frames to measure its own (10 frames a second). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /**
     * Shortest delay written, in hundredths of a second: browsers play shorter delays (0 or 1) at 10 instead, so a
     * faster clip would play slower than one at 50 frames a second.
     */
    public static final int MIN_DELAY_CENTIS = 2;

    private static final String GIF_METADATA = "javax_imageio_gif_image_1.0";

    private AnimatedGif() {
    }

    /**
     * The time between two frames of the clip: the span between its first and last timed frames over the sequence
     * numbers between them, so frames missing between them do not speed it up; {@link #DEFAULT_INTERVAL} when fewer
     * than two frames have a capture time.
     */
    public static Duration frameInterval(List<ClipFrame> frames) {
        Optional<ClipFrame> first = frames.stream().filter(frame -> frame.captureTime().isPresent()).findFirst();
        Optional<ClipFrame> last = frames.stream().filter(frame -> frame.captureTime().isPresent())
                .reduce((earlier, later) -> later);
        if (first.isEmpty() || first.get().sequence() == last.get().sequence()) {
            return DEFAULT_INTERVAL;
        }
        Duration span = Duration.between(first.get().captureTime().get(), last.get().captureTime().get());
        Duration interval = span.dividedBy(last.get().sequence() - first.get().sequence());
        return interval.isNegative() || interval.isZero() ? DEFAULT_INTERVAL : interval;
    }

    /** The GIF delay for a frame interval, rounded to hundredths of a second and at least {@link #MIN_DELAY_CENTIS}. */
    public static int delayCentis(Duration interval) {
        long centis = Math.round(interval.toMillis() / 10.0);
        return (int) Math.max(MIN_DELAY_CENTIS, Math.min(centis, 0xFFFF));
    }

    /** Writes {@code frames}, each shown for {@code delayCentis} hundredths of a second, looping forever. */
    public static void write(List<BufferedImage> frames, int delayCentis, OutputStream out) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ImageOutputStream output = new MemoryCacheImageOutputStream(out);
        try {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = frames.get(i);
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                        param);
                timing(metadata, delayCentis, i == 0);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
            output.flush();
        } finally {
            writer.dispose();
            output.close();
        }
    }

    private static void timing(IIOMetadata metadata, int delayCentis, boolean first) throws IIOInvalidTreeException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(GIF_METADATA);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCentis));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode extensions = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            // Sub-block 1, then the loop count as a little-endian short: 0 loops forever.
            loop.setUserObject(new byte[] {1, 0, 0});
            extensions.appendChild(loop);
        }
        metadata.setFromTree(GIF_METADATA, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
