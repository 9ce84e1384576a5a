package io.actionwatch.inference.preprocess;

/** An encoded frame that cannot be turned into the pixels it claims to hold; the frame is a dead letter. */
public final class ImageDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the frame was refused. */
    public enum Reason {
        /** Not a decodable image of the codec (corrupt, truncated, not an image at all). */
        UNDECODABLE,
        /** Decodes, but to a size other than the one the frame declares. */
        WRONG_DIMENSIONS
    }

    private final Reason reason;

    public ImageDecodeException(String message) {
        this(Reason.UNDECODABLE, message, null);
    }

    public ImageDecodeException(String message, Throwable cause) {
        this(Reason.UNDECODABLE, message, cause);
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
