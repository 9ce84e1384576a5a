package io.actionwatch.inference.model;

import java.util.Arrays;

/** Names and shapes of a model graph's single input and output; -1 marks a free (dynamic) dimension. */
public record ModelSignature(String inputName, long[] inputShape, String outputName, long[] outputShape) {

    public ModelSignature {
        inputShape = inputShape.clone();
        outputShape = outputShape.clone();
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public long[] outputShape() {
        return outputShape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSignature s && inputName.equals(s.inputName) && outputName.equals(s.outputName)
                && Arrays.equals(inputShape, s.inputShape) && Arrays.equals(outputShape, s.outputShape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * inputName.hashCode() + Arrays.hashCode(inputShape)) + outputName.hashCode();
    }

    @Override
    public String toString() {
        return "input " + inputName + Arrays.toString(inputShape) + ", output " + outputName + Arrays.toString(outputShape);
    }
}
