package io.actionwatch.ingest.source;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of images played as a camera, in file-name order, once or looped. Files ImageIO cannot decode are
 * skipped with a warning (once per file); a folder that is missing, unreadable, empty, or holds nothing decodable
 * fails with a clear message. Frames are converted to 3-byte BGR (JPEG has no alpha) and optionally scaled to a
 * fixed size; metadata {@code source} names the file.
 */
public final class ImageFolderSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(ImageFolderSource.class);
    public static final String SOURCE = "source";

    private final Path folder;
    private final List<Path> files;
    private final boolean loop;
    private final int width;
    private final int height;
    private final boolean[] undecodable;
    private BufferedImage buffer;
    private int position;
    private int decodedThisPass;

    /**
     * @param folder the images' directory (not searched recursively; hidden files ignored)
     * @param loop start again at the first file after the last
     * @param width output width, or 0 to keep each image's own size (then also height 0)
     * @param height output height, or 0 to keep each image's own size
     */
    public ImageFolderSource(Path folder, boolean loop, int width, int height) throws IOException {
        if ((width <= 0) != (height <= 0)) {
            throw new IllegalArgumentException("give both width and height, or neither (got " + width + "x"
                    + height + ")");
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("image folder " + folder + " does not exist or is not a directory");
        }
        if (!Files.isReadable(folder)) {
            throw new IOException("image folder " + folder + " is not readable");
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(found::add);
        }
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        if (found.isEmpty()) {
            throw new IOException("image folder " + folder + " holds no files");
        }
        this.folder = folder;
        this.files = List.copyOf(found);
        this.loop = loop;
        this.width = Math.max(0, width);
        this.height = Math.max(0, height);
        this.undecodable = new boolean[files.size()];
    }

    /** The files in playing order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public SourceFrame next() throws IOException {
        while (true) {
            if (position == files.size()) {
                if (decodedThisPass == 0) {
                    throw new IOException("image folder " + folder + " holds no image that can be decoded ("
                            + files.size() + " files tried)");
                }
                if (!loop) {
                    return null;
                }
                position = 0;
                decodedThisPass = 0;
            }
            int index = position++;
            if (undecodable[index]) {
                continue;
            }
            Path file = files.get(index);
            BufferedImage image = decode(file);
            if (image == null) {
                undecodable[index] = true;
                continue;
            }
            decodedThisPass++;
            return new SourceFrame(toBgr(image), Map.of(SOURCE, file.getFileName().toString()));
        }
    }

    private BufferedImage decode(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                log.warn("skipping file=\"{}\": no image decoder recognises it", file);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            // ImageIO throws runtime exceptions on some truncated files; either way the file is unusable.
            log.warn("skipping file=\"{}\": cannot decode: {}", file, e.toString());
            return null;
        }
    }

    private BufferedImage toBgr(BufferedImage image) {
        int w = width > 0 ? width : image.getWidth();
        int h = height > 0 ? height : image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && w == image.getWidth() && h == image.getHeight()) {
            return image;
        }
        if (buffer == null || buffer.getWidth() != w || buffer.getHeight() != h) {
            buffer = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        }
        Graphics2D g = buffer.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return buffer;
    }

    @Override
    public String describe() {
        return "images(" + folder + ", " + files.size() + " files" + (loop ? ", looped" : "") + ")";
    }

    @Override
    public void close() {
        // Nothing held open between frames: each file is read and closed by ImageIO.
    }
}
