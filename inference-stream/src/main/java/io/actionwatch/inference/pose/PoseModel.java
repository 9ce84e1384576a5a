package io.actionwatch.inference.pose;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.actionwatch.inference.model.ModelCardException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pose model directory: its card ({@value #CARD_FILE}) and the ONNX file the card names. The card is the only
 * pose-model knowledge the pipeline has: input name, size and dtype, output name and shape. Origin, license and
 * parity sections are for people and are ignored here.
 */
public record PoseModel(Path directory, Card card, Path onnxPath) {

    public static final String CARD_FILE = "pose-card.json";
    /** Values per person in the output: 17 keypoints x (y, x, score), then the box and the person's score. */
    public static final int VALUES_PER_PERSON = CocoKeypoints.COUNT * PersonDetection.STRIDE + 5;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Card(String name, String onnxFile, Input input, Output output) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String name, String dtype, String layout, int height, int width, String colorOrder) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String name, int[] shape) {
    }

    /**
     * Reads and checks {@code directory/pose-card.json} and that its ONNX file exists.
     *
     * @throws ModelCardException naming the absolute paths and every problem found
     */
    public static PoseModel open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path cardPath = dir.resolve(CARD_FILE);
        if (!Files.isRegularFile(cardPath)) {
            throw new ModelCardException("pose model card " + cardPath + " does not exist (set pose.model.dir)");
        }
        Card card;
        try {
            card = new ObjectMapper().readValue(cardPath.toFile(), Card.class);
        } catch (IOException e) {
            throw new ModelCardException("pose model card " + cardPath + " is not readable JSON: " + e.getMessage(), e);
        }
        List<String> problems = problems(card);
        if (!problems.isEmpty()) {
            throw new ModelCardException("pose model card " + cardPath + " is invalid: " + String.join("; ", problems));
        }
        Path onnx = dir.resolve(card.onnxFile()).normalize();
        if (!onnx.startsWith(dir)) {
            throw new ModelCardException("pose model card " + cardPath + " names " + card.onnxFile()
                    + " outside its directory");
        }
        if (!Files.isRegularFile(onnx)) {
            throw new ModelCardException("pose model " + onnx + " does not exist; it is converted by the build "
                    + "(mvn -pl model generate-resources, or from model/: python3 -m actionwatch_model.pose_models)");
        }
        return new PoseModel(dir, card, onnx);
    }

    private static List<String> problems(Card card) {
        List<String> problems = new ArrayList<>();
        if (card == null) {
            problems.add("empty");
            return problems;
        }
        if (card.onnxFile() == null || card.onnxFile().isBlank()) {
            problems.add("onnxFile is missing");
        }
        Input in = card.input();
        if (in == null) {
            problems.add("input section is missing");
        } else {
            if (!"int32".equals(in.dtype()) || !"NHWC".equals(in.layout()) || !"RGB".equals(in.colorOrder())) {
                problems.add("input must be int32 NHWC RGB, is " + in.dtype() + " " + in.layout() + " "
                        + in.colorOrder());
            }
            // MoveNet's feature pyramid halves the input five times.
            if (in.height() < 32 || in.width() < 32 || in.height() % 32 != 0 || in.width() % 32 != 0) {
                problems.add("input size must be positive multiples of 32, is " + in.height() + "x" + in.width());
            }
        }
        Output out = card.output();
        if (out == null || out.shape() == null || out.shape().length != 3 || out.shape()[0] != 1
                || out.shape()[2] != VALUES_PER_PERSON) {
            problems.add("output shape must be [1, people, " + VALUES_PER_PERSON + "]");
        }
        return problems;
    }

    /** People the model reports per frame (some with near-zero scores). */
    public int maxPeople() {
        return card.output().shape()[1];
    }
}
