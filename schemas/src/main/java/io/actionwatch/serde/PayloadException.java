package io.actionwatch.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that could not be serialized or deserialized, with a machine-readable {@link #kind()} so callers (the
 * stream application's dead-letter handling in particular) can route on the cause without parsing messages.
 */
public class PayloadException extends SerializationException {

    private final PayloadErrorKind kind;

    public PayloadException(PayloadErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public PayloadException(PayloadErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public PayloadErrorKind kind() {
        return kind;
    }
}
