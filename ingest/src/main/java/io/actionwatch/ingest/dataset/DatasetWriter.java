package io.actionwatch.ingest.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.actionwatch.ingest.encode.JpegEncoder;
import io.actionwatch.ingest.scene.Action;
import io.actionwatch.ingest.scene.ClipRenderer;
import io.actionwatch.ingest.scene.Posture;
import io.actionwatch.ingest.scene.SceneKeypoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes labelled clips of the synthetic scene to disk for the Python trainer:
 * <pre>
 * DIR/dataset-card.json                  parameters, counts, content hash
 * DIR/&lt;split&gt;/labels.csv               clip,label,seed
 * DIR/&lt;split&gt;/frames.csv               clip,frame,label,posture,phase
 * DIR/&lt;split&gt;/keypoints.csv            clip,frame,nose_y,nose_x,... (COCO-17, normalised to the frame)
 * DIR/&lt;split&gt;/&lt;clip&gt;/frame_00.jpg ...
 * </pre>
 * Classes are balanced (clip i has action i mod 9, in model-card order). The output depends only on the spec (not
 * on the thread count); the content hash covers every file under the split directories. Format 2 added
 * keypoints.csv, which changed every data set's content hash; the frames and the other files are byte for byte
 * those format 1 wrote for the same spec.
 */
public final class DatasetWriter {

    private static final Logger log = LoggerFactory.getLogger(DatasetWriter.class);
    public static final String CARD_FILE = "dataset-card.json";
    /** Layout version: 2 added keypoints.csv (the files of version 1 are unchanged). */
    public static final String FORMAT = "actionwatch-clips/2";
    /** The header of keypoints.csv: clip, frame, then y and x of each COCO keypoint in COCO order. */
    static final String KEYPOINTS_HEADER = keypointsHeader();

    private final DatasetSpec spec;

    public DatasetWriter(DatasetSpec spec) {
        this.spec = spec;
    }

    /** The result of a run. */
    public record Result(Path card, String contentHash, int files, long clips) {
    }

    /**
     * Writes the data set. The output directory must not exist or be empty unless {@code replace} is set, in which
     * case the split directories and the card this writer would produce are deleted first.
     */
    public Result write(boolean replace) throws IOException {
        Path out = spec.out();
        prepare(out, replace);
        List<ClipJob> jobs = new ArrayList<>();
        for (int s = 0; s < spec.splits().size(); s++) {
            SplitSpec split = spec.splits().get(s);
            Files.createDirectories(out.resolve(split.name()));
            int clips = split.clipsPerClass() * Action.values().length;
            for (int i = 0; i < clips; i++) {
                jobs.add(new ClipJob(split.name(), s, i));
            }
        }
        ClipResult[] results = render(jobs);

        Map<String, byte[]> fileDigests = new TreeMap<>(); // sorted by relative path: the hash's order
        for (ClipResult r : results) {
            fileDigests.putAll(r.fileDigests);
        }
        Map<String, Object> splitsCard = new LinkedHashMap<>();
        int offset = 0;
        for (int s = 0; s < spec.splits().size(); s++) {
            SplitSpec split = spec.splits().get(s);
            int clips = split.clipsPerClass() * Action.values().length;
            StringBuilder labels = new StringBuilder("clip,label,seed\n");
            StringBuilder frames = new StringBuilder("clip,frame,label,posture,phase\n");
            StringBuilder keypoints = new StringBuilder(KEYPOINTS_HEADER);
            Map<String, Integer> perClass = new LinkedHashMap<>();
            Map<String, Integer> perPosture = new LinkedHashMap<>();
            Action.labels().forEach(label -> perClass.put(label, 0));
            for (Posture p : Posture.values()) {
                perPosture.put(p.label(), 0);
            }
            for (int i = 0; i < clips; i++) {
                ClipResult r = results[offset + i];
                labels.append(r.clipId).append(',').append(r.action.label()).append(',').append(r.seed).append('\n');
                frames.append(r.frameRows);
                keypoints.append(r.keypointRows);
                perClass.merge(r.action.label(), 1, Integer::sum);
                for (Posture p : r.postures) {
                    perPosture.merge(p.label(), 1, Integer::sum);
                }
            }
            offset += clips;
            writeText(out, split.name() + "/labels.csv", labels.toString(), fileDigests);
            writeText(out, split.name() + "/frames.csv", frames.toString(), fileDigests);
            writeText(out, split.name() + "/keypoints.csv", keypoints.toString(), fileDigests);
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("clips", clips);
            card.put("clipsPerClass", split.clipsPerClass());
            card.put("frames", (long) clips * spec.frames());
            card.put("seedRange", List.of(DatasetSpec.clipSeed(spec.seed(), s, 0),
                    DatasetSpec.clipSeed(spec.seed(), s, clips - 1)));
            card.put("perClass", perClass);
            card.put("perPosture", perPosture);
            splitsCard.put(split.name(), card);
        }
        String hash = contentHash(fileDigests);
        Path card = out.resolve(CARD_FILE);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(card.toFile(), card(splitsCard, hash, fileDigests.size()));
        return new Result(card, hash, fileDigests.size(), jobs.size());
    }

    private void prepare(Path out, boolean replace) throws IOException {
        if (Files.isDirectory(out)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(out)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty) {
                if (!replace) {
                    throw new IOException("output directory " + out + " is not empty (use --force to replace the"
                            + " data set in it)");
                }
                for (SplitSpec split : spec.splits()) {
                    deleteTree(out.resolve(split.name()));
                }
                Files.deleteIfExists(out.resolve(CARD_FILE));
            }
        } else if (Files.exists(out)) {
            throw new IOException("output path " + out + " exists and is not a directory");
        }
        Files.createDirectories(out);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private ClipResult[] render(List<ClipJob> jobs) throws IOException {
        ClipResult[] results = new ClipResult[jobs.size()];
        int threads = Math.min(spec.threads(), Math.max(1, jobs.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dataset-render");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    try (ClipRenderer renderer = new ClipRenderer(spec.width(), spec.height(), spec.fps(), true);
                         JpegEncoder encoder = JpegEncoder.withPercent(spec.jpegQuality())) {
                        for (int j = worker; j < jobs.size(); j += threads) {
                            results[j] = renderClip(jobs.get(j), renderer, encoder);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("rendering the data set failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering the data set", e);
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private ClipResult renderClip(ClipJob job, ClipRenderer renderer, JpegEncoder encoder) throws IOException {
        Action action = Action.values()[job.clipIndex % Action.values().length];
        long seed = DatasetSpec.clipSeed(spec.seed(), job.splitIndex, job.clipIndex);
        String clipId = String.format(Locale.ROOT, "clip_%06d", job.clipIndex);
        String clipDir = job.split + "/" + clipId;
        Files.createDirectories(spec.out().resolve(clipDir));
        ClipResult result = new ClipResult(clipId, action, seed, spec.frames());
        int digits = Math.max(2, Integer.toString(spec.frames() - 1).length());
        String frameFormat = "frame_%0" + digits + "d.jpg";
        renderer.render(action, seed, spec.frames(), spec.frameStep(), (frame, i) -> {
            String name = clipDir + "/" + String.format(Locale.ROOT, frameFormat, i);
            byte[] jpeg = encoder.encode(frame.image());
            try {
                Files.write(spec.out().resolve(name), jpeg);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + spec.out().resolve(name), e);
            }
            result.fileDigests.put(name, sha256(jpeg));
            result.postures[i] = frame.posture();
            result.frameRows.append(clipId).append(',').append(i).append(',').append(action.label()).append(',')
                    .append(frame.posture().label()).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", frame.phase())).append('\n');
            result.keypointRows.append(clipId).append(',').append(i);
            for (float v : frame.keypoints()) {
                result.keypointRows.append(',').append(String.format(Locale.ROOT, "%.5f", v));
            }
            result.keypointRows.append('\n');
        });
        return result;
    }

    private static String keypointsHeader() {
        StringBuilder header = new StringBuilder("clip,frame");
        for (String name : SceneKeypoints.NAMES) {
            header.append(',').append(name).append("_y,").append(name).append("_x");
        }
        return header.append('\n').toString();
    }

    private void writeText(Path out, String name, String text, Map<String, byte[]> digests) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(out.resolve(name), bytes);
        digests.put(name, sha256(bytes));
    }

    /**
     * SHA-256 over, for every file in byte order of its relative path: the path in UTF-8, a NUL byte, and the
     * SHA-256 of the file's content (32 raw bytes).
     */
    static String contentHash(Map<String, byte[]> sortedDigests) {
        MessageDigest digest = newSha256();
        for (Map.Entry<String, byte[]> e : sortedDigests.entrySet()) {
            digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(e.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Map<String, Object> card(Map<String, Object> splits, String hash, int files) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", FORMAT);
        card.put("generator", "actionwatch ingest dataset (io.actionwatch.ingest.cli.IngestCli)");
        card.put("labels", Action.labels());
        List<String> postures = new ArrayList<>();
        for (Posture p : Posture.values()) {
            postures.add(p.label());
        }
        card.put("postures", postures);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("seed", spec.seed());
        parameters.put("frames", spec.frames());
        parameters.put("frameStep", spec.frameStep());
        parameters.put("width", spec.width());
        parameters.put("height", spec.height());
        parameters.put("fps", spec.fps());
        parameters.put("jpegQuality", spec.jpegQuality());
        List<Map<String, Object>> splitList = new ArrayList<>();
        for (SplitSpec s : spec.splits()) {
            splitList.add(Map.of("name", s.name(), "clipsPerClass", s.clipsPerClass()));
        }
        parameters.put("splits", splitList);
        parameters.put("seedLayout", "clip seed = seed * 1e9 + splitPosition * 1e8 + clipIndex; clip i has label i mod "
                + Action.values().length + " in 'labels' order");
        card.put("parameters", parameters);
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("frame", "<split>/<clip>/frame_NN.jpg (JPEG, ImageIO writer, 4:2:0)");
        layout.put("labels", "<split>/labels.csv: clip,label,seed");
        layout.put("frames", "<split>/frames.csv: clip,frame,label,posture,phase");
        layout.put("keypoints", "<split>/keypoints.csv: clip,frame, then <name>_y,<name>_x for the 17 COCO keypoints"
                + " in COCO order: the figure's true keypoints, normalised 0..1 to the frame from its top-left corner"
                + " (outside 0..1 where the figure leaves the frame); side-view pairs (shoulders, hips, eyes, ears)"
                + " share a spot; the near limbs are the right ones when facing right");
        layout.put("sampling", "each clip is frames*frameStep consecutive camera frames of one action at fps, "
                + "keeping every frameStep-th; phase = progress through the action's segment");
        card.put("layout", layout);
        card.put("splits", splits);
        card.put("files", files);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("algorithm", "SHA-256");
        content.put("value", hash);
        content.put("method", "sha256 over every file under the split directories in byte order of relative path"
                + " ('/'-separated): path UTF-8, NUL, sha256(content) raw 32 bytes");
        card.put("contentHash", content);
        Map<String, Object> renderer = new LinkedHashMap<>();
        renderer.put("sceneRevision", ClipRenderer.SCENE_REVISION);
        // Java2D's anti-aliasing may differ between Java versions: the hash is reproducible on the same one.
        renderer.put("java", System.getProperty("java.version"));
        card.put("renderedWith", renderer);
        return card;
    }

    private static byte[] sha256(byte[] bytes) {
        return newSha256().digest(bytes);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256", e);
        }
    }

    private record ClipJob(String split, int splitIndex, int clipIndex) {
    }

    private static final class ClipResult {
        final String clipId;
        final Action action;
        final long seed;
        final Map<String, byte[]> fileDigests = new TreeMap<>();
        final Posture[] postures;
        final StringBuilder frameRows = new StringBuilder();
        final StringBuilder keypointRows = new StringBuilder();

        ClipResult(String clipId, Action action, long seed, int frames) {
            this.clipId = clipId;
            this.action = action;
            this.seed = seed;
            this.postures = new Posture[frames];
        }
    }
}
