package io.actionwatch.inference.skeleton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving draws the same skeleton pictures as training: the Python renderer's pictures of the fixture's keypoint
 * clips (model/tests/data, written by {@code python3 -m tests.skeleton_parity}) reproduce here within the
 * fixture's tolerance on the 0..255 scale, and the crops agree.
 */
class SkeletonRendererParityTest {

    private static final Logger log = LoggerFactory.getLogger(SkeletonRendererParityTest.class);
    static final Path FIXTURE = Path.of("..", "model", "tests", "data", "skeleton-render-parity.json");
    /** Crops are float64 arithmetic on the same float inputs in the same order: equal up to rounding noise. */
    private static final double CROP_TOLERANCE = 1e-9;

    @Test
    void javaRendersThePythonPixels() throws Exception {
        JsonNode root = new ObjectMapper().readTree(FIXTURE.toFile());
        assertThat(root.path("spec").asText()).isEqualTo(SkeletonRenderer.SPEC);
        double tolerance = root.path("tolerance").asDouble();
        assertThat(tolerance).isPositive().isLessThanOrEqualTo(1e-3);
        double worst = 0;
        int clips = 0;
        for (JsonNode clip : root.path("clips")) {
            String name = clip.path("name").asText();
            JsonNode s = clip.path("settings");
            SkeletonRenderer renderer = new SkeletonRenderer(new SkeletonRenderer.Settings(s.path("size").asInt(),
                    s.path("margin").asDouble(), s.path("scoreThreshold").asDouble(), s.path("lineSigma").asDouble()));
            JsonNode frames = clip.path("keypoints");
            float[] keypoints = new float[frames.size() * 17 * 3];
            int k = 0;
            for (JsonNode frame : frames) {
                for (JsonNode keypoint : frame) {
                    for (JsonNode v : keypoint) {
                        keypoints[k++] = (float) v.asDouble();   // the spec's input type, as Python reads it
                    }
                }
            }
            assertThat(k).as(name).isEqualTo(keypoints.length);
            JsonNode box = clip.path("fallbackBox");
            SkeletonRenderer.Box fallback = new SkeletonRenderer.Box((float) box.get(0).asDouble(),
                    (float) box.get(1).asDouble(), (float) box.get(2).asDouble(), (float) box.get(3).asDouble());
            float[] out = new float[renderer.clipLength(frames.size())];
            SkeletonRenderer.Crop crop = renderer.render(keypoints, frames.size(), clip.path("width").asInt(),
                    clip.path("height").asInt(), fallback, out, 0);

            JsonNode expectedCrop = clip.path("crop");
            assertThat(crop.left()).as(name).isCloseTo(expectedCrop.path("left").asDouble(), within(CROP_TOLERANCE));
            assertThat(crop.top()).as(name).isCloseTo(expectedCrop.path("top").asDouble(), within(CROP_TOLERANCE));
            assertThat(crop.side()).as(name).isCloseTo(expectedCrop.path("side").asDouble(), within(CROP_TOLERANCE));

            float[] expected = pixels(clip.path("pixels"));
            assertThat(out).as(name).hasSameSizeAs(expected);
            double clipWorst = 0;
            int worstIndex = 0;
            for (int i = 0; i < out.length; i++) {
                double diff = Math.abs(out[i] - expected[i]);
                if (diff > clipWorst) {
                    clipWorst = diff;
                    worstIndex = i;
                }
            }
            assertThat(clipWorst).as("%s: max abs difference (at float %d: java %s, python %s)", name, worstIndex,
                    out[worstIndex], expected[worstIndex]).isLessThanOrEqualTo(tolerance);
            worst = Math.max(worst, clipWorst);
            clips++;
        }
        assertThat(clips).isGreaterThanOrEqualTo(4);
        log.info(String.format(Locale.ROOT, "skeleton render parity: %d clips, max abs difference Java vs Python "
                + "%.3g on the 0..255 scale (tolerance %.0e)", clips, worst, tolerance));
    }

    /** The fixture's pixel encoding: base64 of zlib of float32 little-endian, checked against its SHA-256. */
    static float[] pixels(JsonNode entry) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(Base64.getDecoder().decode(entry.path("data").asText()));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                throw new IllegalStateException("truncated fixture pixels");
            }
            raw.write(buffer, 0, n);
        }
        inflater.end();
        byte[] bytes = raw.toByteArray();
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .as("fixture pixels' sha256").isEqualTo(entry.path("sha256").asText());
        long count = 1;
        for (JsonNode d : entry.path("shape")) {
            count *= d.asLong();
        }
        assertThat((long) bytes.length).isEqualTo(count * Float.BYTES);
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
