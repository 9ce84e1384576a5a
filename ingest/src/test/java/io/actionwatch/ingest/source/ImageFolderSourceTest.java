package io.actionwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderSourceTest {

    @TempDir
    Path dir;

    private void image(String name, String format, Color color, int type) throws IOException {
        BufferedImage image = new BufferedImage(40, 30, type);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        assertThat(ImageIO.write(image, format, dir.resolve(name).toFile())).isTrue();
    }

    private void folderWithBadFiles() throws IOException {
        image("b.png", "png", Color.GREEN, BufferedImage.TYPE_INT_RGB);
        image("a.png", "png", Color.RED, BufferedImage.TYPE_INT_ARGB);
        image("c.jpg", "jpg", Color.BLUE, BufferedImage.TYPE_3BYTE_BGR);
        Files.write(dir.resolve("b2.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}); // truncated PNG
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        image(".hidden.png", "png", Color.WHITE, BufferedImage.TYPE_INT_RGB);
        Files.createDirectory(dir.resolve("sub"));
    }

    private static List<String> names(FrameSource source, int max) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            SourceFrame frame = source.next();
            if (frame == null) {
                break;
            }
            assertThat(frame.image().getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
            names.add(frame.metadata().get(ImageFolderSource.SOURCE));
        }
        return names;
    }

    @Test
    void playsDecodableImagesOnceInNameOrderSkippingBadFiles() throws IOException {
        folderWithBadFiles();
        try (ImageFolderSource source = new ImageFolderSource(dir, false, 0, 0)) {
            assertThat(names(source, 10)).containsExactly("a.png", "b.png", "c.jpg");
            assertThat(source.next()).isNull();
        }
    }

    @Test
    void loopsBackToTheFirstImage() throws IOException {
        folderWithBadFiles();
        try (ImageFolderSource source = new ImageFolderSource(dir, true, 0, 0)) {
            assertThat(names(source, 7)).containsExactly("a.png", "b.png", "c.jpg", "a.png", "b.png", "c.jpg",
                    "a.png");
        }
    }

    @Test
    void convertsAndScalesToTheRequestedSize() throws IOException {
        image("a.png", "png", Color.RED, BufferedImage.TYPE_INT_ARGB);
        try (ImageFolderSource source = new ImageFolderSource(dir, false, 64, 48)) {
            BufferedImage image = source.next().image();
            assertThat(image.getWidth()).isEqualTo(64);
            assertThat(image.getHeight()).isEqualTo(48);
            assertThat(new Color(image.getRGB(10, 10))).isEqualTo(Color.RED);
        }
    }

    @Test
    void missingEmptyOrUndecodableFoldersFailClearly() throws IOException {
        assertThatThrownBy(() -> new ImageFolderSource(dir.resolve("nope"), false, 0, 0))
                .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new ImageFolderSource(dir, false, 0, 0))
                .isInstanceOf(IOException.class).hasMessageContaining("no files");
        Files.writeString(dir.resolve("x.jpg"), "garbage");
        try (ImageFolderSource source = new ImageFolderSource(dir, true, 0, 0)) {
            assertThatThrownBy(source::next).isInstanceOf(IOException.class)
                    .hasMessageContaining("no image that can be decoded");
        }
        assertThatThrownBy(() -> new ImageFolderSource(dir, false, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
