package io.actionwatch.inference.intake;

/** A frame intake refuses; becomes a dead letter with {@link #errorKind()}. */
final class FrameRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String errorKind;

    FrameRejectedException(String errorKind, String message, Throwable cause) {
        super(message, cause);
        this.errorKind = errorKind;
    }

    FrameRejectedException(RejectionKind kind, String message) {
        this(kind.name(), message, null);
    }

    String errorKind() {
        return errorKind;
    }
}
