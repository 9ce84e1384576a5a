package io.actionwatch.inference.model;

/** A model directory or card that the pipeline cannot serve, with every problem found listed in the message. */
public final class ModelCardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelCardException(String message) {
        super(message);
    }

    public ModelCardException(String message, Throwable cause) {
        super(message, cause);
    }
}
