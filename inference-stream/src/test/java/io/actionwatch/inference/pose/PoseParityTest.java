package io.actionwatch.inference.pose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.inference.model.ExecutionProviders;
import io.actionwatch.inference.preprocess.DecodedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The converted pose model against TensorFlow.js itself: the committed references were written by the original
 * graph running in tfjs's pure-JS backend (model/pose/tfjs-reference) on the same frames, two of them real footage.
 */
class PoseParityTest {

    /** fp32 arithmetic in two runtimes with different kernels; the measured gap is about 2e-6. */
    private static final double TOLERANCE = 1e-4;

    private static PoseEstimator estimator;
    private static JsonNode reference;

    @BeforeAll
    static void open() throws IOException {
        PoseModel model = PoseModel.open(PoseModels.MOVENET);
        estimator = PoseEstimator.open(model, List.of(ExecutionProviders.CPU), 1, 0.2f);
        reference = new ObjectMapper().readTree(PoseModels.MOVENET.resolve("parity/reference.json").toFile());
    }

    @AfterAll
    static void close() {
        estimator.close();
    }

    @Test
    void everyReferenceFrameMatchesTensorFlowJs() throws IOException {
        assertEquals(4, reference.get("results").size(), "real and synthetic frames are both covered");
        for (JsonNode result : reference.get("results")) {
            String frame = result.get("frame").asText();
            BufferedImage image = ImageIO.read(PoseModels.MOVENET.resolve("parity").resolve(frame).toFile());
            float[][] actual = estimator.run(rgb(image));
            JsonNode expected = result.get("output");
            assertEquals(expected.size(), actual.length * PoseModel.VALUES_PER_PERSON, frame);
            double worst = 0;
            for (int p = 0; p < actual.length; p++) {
                for (int v = 0; v < PoseModel.VALUES_PER_PERSON; v++) {
                    worst = Math.max(worst, Math.abs(actual[p][v] - expected.get(p * PoseModel.VALUES_PER_PERSON + v)
                            .asDouble()));
                }
            }
            assertTrue(worst <= TOLERANCE, frame + ": max abs difference " + worst + " > " + TOLERANCE);
        }
    }

    @Test
    void peopleInTheRealFootageAreFoundWithPlausibleSkeletons() throws IOException {
        BufferedImage frame = ImageIO.read(PoseModels.MOVENET.resolve("parity/vtest_400.png").toFile());
        List<PersonDetection> people = estimator.estimate(decoded(frame));
        assertFalse(people.isEmpty(), "pedestrians in vtest.avi frame 400");
        for (PersonDetection person : people) {
            assertTrue(person.score() >= 0.2f);
            assertTrue(person.yMin() < person.yMax() && person.xMin() < person.xMax(), person.toString());
            // A standing pedestrian: the ankles below the shoulders, the nose above the hips.
            assertTrue(person.y(CocoKeypoints.LEFT_ANKLE) > person.y(CocoKeypoints.LEFT_SHOULDER), person.toString());
            assertTrue(person.y(CocoKeypoints.NOSE) < person.y(CocoKeypoints.RIGHT_HIP), person.toString());
        }
        List<Float> scores = new ArrayList<>();
        people.forEach(p -> scores.add(p.score()));
        List<Float> sorted = new ArrayList<>(scores);
        sorted.sort((a, b) -> Float.compare(b, a));
        assertEquals(sorted, scores, "best first");
    }

    @Test
    void estimatingFromADecodedFrameResizesLikeThePngReference() throws IOException {
        // The reference PNG is already at the model's size, so resizing it is the identity and the two paths agree.
        BufferedImage frame = ImageIO.read(PoseModels.MOVENET.resolve("parity/vtest_060.png").toFile());
        float[][] raw = estimator.run(rgb(frame));
        List<PersonDetection> people = estimator.estimate(decoded(frame));
        long strong = java.util.Arrays.stream(raw).filter(r -> r[PoseModel.VALUES_PER_PERSON - 1] >= 0.2f).count();
        assertEquals(strong, people.size());
        assertEquals(raw[0][PoseModel.VALUES_PER_PERSON - 1], people.get(0).score(), 1e-6);
    }

    private static IntBuffer rgb(BufferedImage image) {
        int[] values = new int[image.getWidth() * image.getHeight() * 3];
        int i = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                values[i++] = (p >> 16) & 0xFF;
                values[i++] = (p >> 8) & 0xFF;
                values[i++] = p & 0xFF;
            }
        }
        return IntBuffer.wrap(values);
    }

    private static DecodedImage decoded(BufferedImage image) {
        IntBuffer values = rgb(image);
        byte[] bytes = new byte[values.capacity()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) values.get(i);
        }
        DecodedImage decoded = new DecodedImage();
        decoded.set(bytes, image.getWidth(), image.getHeight(), 3 * image.getWidth(), 0, 1, 2);
        return decoded;
    }
}
