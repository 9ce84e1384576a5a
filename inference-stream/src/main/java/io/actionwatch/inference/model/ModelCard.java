package io.actionwatch.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.actionwatch.inference.skeleton.SkeletonRenderer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The model card (model-card.json): everything the pipeline knows about a model. Nothing model-specific lives in
 * code; clip geometry, input size, normalisation and labels all come from here. Sections the pipeline does not
 * use (parameters, training, evaluation) are ignored on read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(String name, String version, String onnxFile, Input input, Output output, Sampling sampling,
                        Preprocessing preprocessing, List<String> labels, Mode mode) {

    public static final String LAYOUT_NTCHW = "NTCHW";
    public static final String RESIZE_BILINEAR_HALF_PIXEL = "bilinear-half-pixel";

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String name, String layout, int frames, int channels, int height, int width, String dtype) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String name, String kind) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sampling(int frameStep, int clipStride) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preprocessing(String resize, String colorOrder, double scale, double[] mean, double[] std) {
    }

    /** What the model looks at: absent (whole frames) for every card written before people were tracked. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mode(String subject, String input, Skeleton skeleton) {
    }

    /** How a person's pose clip is drawn for a per-person skeleton model (the rendering spec's settings). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Skeleton(String spec, double margin, double scoreThreshold, double lineSigma) {
    }

    public static final String SUBJECT_PERSON = "person";
    public static final String INPUT_SKELETON = "skeleton";

    /** A whole-frame card (no mode section). */
    public ModelCard(String name, String version, String onnxFile, Input input, Output output, Sampling sampling,
                     Preprocessing preprocessing, List<String> labels) {
        this(name, version, onnxFile, input, output, sampling, preprocessing, labels, null);
    }

    /** Whether the model classifies tracked people from their skeleton clips rather than whole frames. */
    public boolean perPerson() {
        return mode != null && SUBJECT_PERSON.equals(mode.subject());
    }

    /** Floats in one frame of the input tensor (C*H*W). */
    public int frameFloats() {
        return input.channels() * input.height() * input.width();
    }

    /** Floats in one clip of the input tensor (T*C*H*W). */
    public int clipFloats() {
        return input.frames() * frameFloats();
    }

    /**
     * Checks the card on its own; throws with every problem listed so a broken export is fixed in one round.
     *
     * @return this card, for chaining
     */
    public ModelCard validate() {
        List<String> problems = new ArrayList<>();
        requireText(problems, "name", name);
        requireText(problems, "version", version);
        requireText(problems, "onnxFile", onnxFile);
        if (input == null) {
            problems.add("input section is missing");
        } else {
            requireText(problems, "input.name", input.name());
            if (!LAYOUT_NTCHW.equals(input.layout())) {
                problems.add("input.layout must be " + LAYOUT_NTCHW + ", was " + input.layout());
            }
            if (input.frames() < 1) {
                problems.add("input.frames must be >= 1, was " + input.frames());
            }
            if (input.channels() != 3) {
                problems.add("input.channels must be 3 (colour frames), was " + input.channels());
            }
            if (input.height() < 1 || input.width() < 1) {
                problems.add("input.height and input.width must be >= 1, were " + input.height() + "x" + input.width());
            }
            if (!"float32".equals(input.dtype())) {
                problems.add("input.dtype must be float32, was " + input.dtype());
            }
        }
        if (output == null) {
            problems.add("output section is missing");
        } else {
            requireText(problems, "output.name", output.name());
            if (!"logits".equals(output.kind())) {
                problems.add("output.kind must be logits (the pipeline applies softmax), was " + output.kind());
            }
        }
        if (sampling == null) {
            problems.add("sampling section is missing");
        } else {
            if (sampling.frameStep() < 1) {
                problems.add("sampling.frameStep must be >= 1, was " + sampling.frameStep());
            }
            if (sampling.clipStride() < 1) {
                problems.add("sampling.clipStride must be >= 1, was " + sampling.clipStride());
            }
        }
        validatePreprocessing(problems);
        validateMode(problems);
        if (labels == null || labels.isEmpty()) {
            problems.add("labels must list at least one class");
        } else {
            if (new HashSet<>(labels).size() != labels.size()) {
                problems.add("labels must be unique, were " + labels);
            }
            if (labels.stream().anyMatch(l -> l == null || l.isBlank())) {
                problems.add("labels must not be blank, were " + labels);
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelCardException("model card " + name + " is invalid: " + String.join("; ", problems));
        }
        return this;
    }

    private void validateMode(List<String> problems) {
        if (mode == null) {
            return;
        }
        if (!SUBJECT_PERSON.equals(mode.subject()) || !INPUT_SKELETON.equals(mode.input())) {
            problems.add("mode must be subject " + SUBJECT_PERSON + " with input " + INPUT_SKELETON
                    + " (or absent for whole frames), was " + mode.subject() + "/" + mode.input());
            return;
        }
        Skeleton sk = mode.skeleton();
        if (sk == null || !SkeletonRenderer.SPEC.equals(sk.spec())) {
            problems.add("mode.skeleton.spec must be " + SkeletonRenderer.SPEC + ", was "
                    + (sk == null ? null : sk.spec()));
        } else if (!(sk.margin() > 0 && sk.lineSigma() > 0 && sk.scoreThreshold() >= 0)) {
            problems.add("mode.skeleton needs margin > 0, lineSigma > 0 and scoreThreshold >= 0");
        }
        if (input != null && input.height() != input.width()) {
            problems.add("a skeleton model's input must be square, was " + input.height() + "x" + input.width());
        }
    }

    private void validatePreprocessing(List<String> problems) {
        if (preprocessing == null) {
            problems.add("preprocessing section is missing");
            return;
        }
        if (!RESIZE_BILINEAR_HALF_PIXEL.equals(preprocessing.resize())) {
            problems.add("preprocessing.resize must be " + RESIZE_BILINEAR_HALF_PIXEL + ", was " + preprocessing.resize());
        }
        if (!"RGB".equals(preprocessing.colorOrder()) && !"BGR".equals(preprocessing.colorOrder())) {
            problems.add("preprocessing.colorOrder must be RGB or BGR, was " + preprocessing.colorOrder());
        }
        if (!(preprocessing.scale() > 0)) {
            problems.add("preprocessing.scale must be > 0, was " + preprocessing.scale());
        }
        if (preprocessing.mean() == null || preprocessing.mean().length != 3) {
            problems.add("preprocessing.mean must have 3 values");
        }
        if (preprocessing.std() == null || preprocessing.std().length != 3) {
            problems.add("preprocessing.std must have 3 values");
        } else {
            for (double s : preprocessing.std()) {
                if (!(s > 0)) {
                    problems.add("preprocessing.std values must be > 0, was " + s);
                }
            }
        }
    }

    /**
     * Checks that the ONNX graph is the one this card describes: input name and [N, T, C, H, W] with a free or
     * matching batch axis, output name and [N, labels].
     */
    public void checkSignature(ModelSignature signature) {
        List<String> problems = new ArrayList<>();
        if (!input.name().equals(signature.inputName())) {
            problems.add("card input.name is " + input.name() + " but the model's input is " + signature.inputName());
        }
        long[] in = signature.inputShape();
        long[] expectedIn = {input.frames(), input.channels(), input.height(), input.width()};
        if (in.length != 5) {
            problems.add("model input must have 5 dimensions [N,T,C,H,W], has " + in.length);
        } else {
            for (int i = 0; i < 4; i++) {
                if (in[i + 1] > 0 && in[i + 1] != expectedIn[i]) {
                    problems.add("model input dimension " + (i + 1) + " is " + in[i + 1] + " but the card says "
                            + expectedIn[i] + " (card T,C,H,W = " + input.frames() + "," + input.channels() + ","
                            + input.height() + "," + input.width() + ")");
                }
            }
        }
        if (!output.name().equals(signature.outputName())) {
            problems.add("card output.name is " + output.name() + " but the model's output is " + signature.outputName());
        }
        long[] out = signature.outputShape();
        if (out.length != 2) {
            problems.add("model output must have 2 dimensions [N,labels], has " + out.length);
        } else if (out[1] > 0 && out[1] != labels.size()) {
            problems.add("model outputs " + out[1] + " classes but the card lists " + labels.size() + " labels");
        }
        if (!problems.isEmpty()) {
            throw new ModelCardException("model " + name + " " + version + " does not match its card: "
                    + String.join("; ", problems));
        }
    }

    private static void requireText(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        }
    }
}
