package io.actionwatch.sink.delivery;

import io.actionwatch.schemas.Alert;
import java.util.Objects;

/**
 * An alert as it was written to its topic and acknowledged: webhooks deliver only alerts that alerts.v1 already holds,
 * and a dead letter of a failed delivery points at that record (topic, partition, offset) and carries its bytes.
 */
public record WrittenAlert(Alert alert, String topic, int partition, long offset, byte[] key, byte[] value) {

    public WrittenAlert {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(topic, "topic");
    }
}
