package io.actionwatch.inference.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model directory on disk: its validated card and the path of the ONNX file the card names. */
public record ModelDirectory(Path directory, ModelCard card, Path onnxPath) {

    public static final String CARD_FILE = "model-card.json";

    /**
     * Reads and validates {@code directory/model-card.json} and checks that the ONNX file it names exists.
     *
     * @throws ModelCardException with the absolute paths involved when anything is missing or invalid
     */
    public static ModelDirectory open(Path directory) {
        return open(directory, CARD_FILE);
    }

    /**
     * Like {@link #open(Path)} for a directory holding more than one model, each with its own card (e.g. the
     * reference model's no-adapter baseline, {@code baseline-card.json}).
     */
    public static ModelDirectory open(Path directory, String cardFile) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ModelCardException("model directory " + dir + " does not exist (set model.dir)");
        }
        Path cardPath = dir.resolve(cardFile);
        if (!Files.isRegularFile(cardPath)) {
            throw new ModelCardException("model card " + cardPath + " does not exist");
        }
        ModelCard card;
        try {
            card = new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                    .readValue(cardPath.toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new ModelCardException("model card " + cardPath + " is not readable JSON: " + e.getMessage(), e);
        }
        if (card == null) {
            throw new ModelCardException("model card " + cardPath + " is empty");
        }
        card.validate();
        Path onnx = dir.resolve(card.onnxFile()).normalize();
        if (!onnx.startsWith(dir)) {
            throw new ModelCardException("model card " + cardPath + " names onnxFile " + card.onnxFile()
                    + " outside its directory");
        }
        if (!Files.isRegularFile(onnx)) {
            throw new ModelCardException("model file " + onnx + " named by " + cardPath + " does not exist");
        }
        return new ModelDirectory(dir, card, onnx);
    }
}
