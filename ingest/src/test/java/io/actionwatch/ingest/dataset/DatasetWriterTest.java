package io.actionwatch.ingest.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.SceneKeypoints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {

    private static final int CLASSES = Action.values().length;

    @TempDir
    Path tmp;

    private static DatasetSpec spec(Path out, long seed, int threads) {
        return new DatasetSpec(out, 4, 2, 96, 72, 15, 85, seed,
                List.of(new SplitSpec("train", 2), new SplitSpec("val", 1)), threads);
    }

    @Test
    void writesTheDocumentedLayout() throws Exception {
        Path out = tmp.resolve("ds");
        DatasetWriter.Result result = new DatasetWriter(spec(out, 5, 2)).write(false);

        List<String> labels = Files.readAllLines(out.resolve("train/labels.csv"));
        assertThat(labels.get(0)).isEqualTo("clip,label,seed");
        assertThat(labels).hasSize(1 + 2 * CLASSES);
        Map<String, Long> perLabel = labels.stream().skip(1).map(l -> l.split(",")[1])
                .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        assertThat(perLabel.keySet()).containsExactlyInAnyOrderElementsOf(Action.labels());
        assertThat(perLabel.values()).containsOnly(2L);

        List<String> frames = Files.readAllLines(out.resolve("train/frames.csv"));
        assertThat(frames.get(0)).isEqualTo("clip,frame,label,posture,phase");
        assertThat(frames).hasSize(1 + 2 * CLASSES * 4);
        for (String row : frames.subList(1, frames.size())) {
            String[] f = row.split(",");
            Path jpeg = out.resolve("train").resolve(f[0]).resolve(String.format("frame_%02d.jpg",
                    Integer.parseInt(f[1])));
            BufferedImage image = ImageIO.read(jpeg.toFile());
            assertThat(image).as("%s", jpeg).isNotNull();
            assertThat(image.getWidth()).isEqualTo(96);
            assertThat(image.getHeight()).isEqualTo(72);
            assertThat(Double.parseDouble(f[4])).isBetween(0.0, 1.0);
            assertThat(Action.labels()).contains(f[2]);
        }

        List<String> keypoints = Files.readAllLines(out.resolve("train/keypoints.csv"));
        String[] header = keypoints.get(0).split(",");
        assertThat(header).hasSize(2 + 2 * SceneKeypoints.COUNT);
        assertThat(header[0] + "," + header[1] + "," + header[2] + "," + header[3] + "," + header[header.length - 1])
                .isEqualTo("clip,frame,nose_y,nose_x,right_ankle_x");
        assertThat(keypoints).hasSize(frames.size());
        for (int row = 1; row < keypoints.size(); row++) {
            String[] f = keypoints.get(row).split(",");
            String[] frameRow = frames.get(row).split(",");
            assertThat(f[0] + "," + f[1]).isEqualTo(frameRow[0] + "," + frameRow[1]);
            for (int c = 2; c < f.length; c++) {
                assertThat(Double.parseDouble(f[c])).as("row %d column %s", row, header[c]).isBetween(0.0, 1.0);
            }
        }

        JsonNode card = new ObjectMapper().readTree(out.resolve(DatasetWriter.CARD_FILE).toFile());
        assertThat(card.get("labels").size()).isEqualTo(CLASSES);
        assertThat(card.at("/splits/train/clips").asInt()).isEqualTo(2 * CLASSES);
        assertThat(card.at("/splits/val/perClass/getting_up").asInt()).isEqualTo(1);
        assertThat(card.at("/parameters/frames").asInt()).isEqualTo(4);
        assertThat(card.at("/contentHash/value").asText()).isEqualTo(result.contentHash())
                .isEqualTo(recomputeHash(out));
        assertThat(card.get("files").asInt()).isEqualTo(result.files()).isEqualTo(3 * CLASSES * 4 + 6);
        assertThat(card.get("format").asText()).isEqualTo(DatasetWriter.FORMAT);
        assertThat(card.at("/layout/keypoints").asText()).contains("COCO");
    }

    @Test
    void splitsUseDisjointSeeds() throws Exception {
        Path out = tmp.resolve("ds");
        new DatasetWriter(spec(out, 5, 2)).write(false);
        Set<String> train = seeds(out.resolve("train/labels.csv"));
        Set<String> val = seeds(out.resolve("val/labels.csv"));
        assertThat(train).hasSize(2 * CLASSES);
        assertThat(val).hasSize(CLASSES).doesNotContainAnyElementsOf(train);
    }

    private static Set<String> seeds(Path labels) throws IOException {
        return Files.readAllLines(labels).stream().skip(1).map(l -> l.split(",")[2]).collect(Collectors.toSet());
    }

    @Test
    void sameSpecGivesSameBytesWhateverTheThreadCount() throws Exception {
        DatasetWriter.Result a = new DatasetWriter(spec(tmp.resolve("a"), 5, 1)).write(false);
        DatasetWriter.Result b = new DatasetWriter(spec(tmp.resolve("b"), 5, 3)).write(false);
        DatasetWriter.Result c = new DatasetWriter(spec(tmp.resolve("c"), 6, 2)).write(false);
        assertThat(b.contentHash()).isEqualTo(a.contentHash());
        assertThat(Files.readAllBytes(tmp.resolve("b/val/clip_000004/frame_03.jpg")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("a/val/clip_000004/frame_03.jpg")));
        assertThat(c.contentHash()).isNotEqualTo(a.contentHash());
    }

    @Test
    void refusesANonEmptyDirectoryUnlessForced() throws Exception {
        Path out = tmp.resolve("ds");
        DatasetWriter.Result first = new DatasetWriter(spec(out, 5, 2)).write(false);
        assertThatThrownBy(() -> new DatasetWriter(spec(out, 5, 2)).write(false))
                .isInstanceOf(IOException.class).hasMessageContaining("not empty");
        Files.writeString(out.resolve("train/clip_000000/stray.txt"), "left over");
        DatasetWriter.Result again = new DatasetWriter(spec(out, 5, 2)).write(true);
        assertThat(again.contentHash()).isEqualTo(first.contentHash());
        assertThat(out.resolve("train/clip_000000/stray.txt")).doesNotExist();
    }

    @Test
    void rejectsBadSpecs() {
        assertThatThrownBy(() -> SplitSpec.parse("train=x", 3)).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> SplitSpec.parse("../up", 3)).hasMessageContaining("split name");
        assertThat(SplitSpec.parse("val=7", 3)).isEqualTo(new SplitSpec("val", 7));
        assertThatThrownBy(() -> new DatasetSpec(tmp, 4, 2, 96, 72, 15, 85, 1,
                List.of(new SplitSpec("a", 1), new SplitSpec("a", 2)), 1)).hasMessageContaining("twice");
        assertThat(DatasetSpec.clipSeed(1, 1, 0)).isEqualTo(1_100_000_000L);
    }

    /** The card's hash, computed independently from the files on disk. */
    private static String recomputeHash(Path root) throws Exception {
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(DatasetWriter.CARD_FILE))
                    .forEach(p -> files.put(root.relativize(p).toString().replace('\\', '/'), p));
        }
        Set<String> seen = new HashSet<>();
        MessageDigest all = MessageDigest.getInstance("SHA-256");
        for (String name : files.keySet().stream().sorted().collect(Collectors.toList())) {
            assertThat(seen.add(name)).isTrue();
            all.update(name.getBytes(StandardCharsets.UTF_8));
            all.update((byte) 0);
            all.update(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(files.get(name))));
        }
        return HexFormat.of().formatHex(all.digest());
    }
}
