package io.actionwatch.sink.alerting;

import io.actionwatch.schemas.Alert;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The record an alert travels in, on alerts.v1 and on any topic with its contract (an alert replay's output): key =
 * camera id (UTF-8), so a camera's alerts stay in order in one partition; timestamp = the triggering clip's end,
 * event time, so a replay writes the same alerts with the same timestamps and a reader seeks alerts by clip time.
 */
public final class AlertRecords {

    private AlertRecords() {
    }

    /** @param value the alert serialized for {@code topic} */
    public static ProducerRecord<byte[], byte[]> of(String topic, Alert alert, byte[] value) {
        byte[] key = alert.getCameraId().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, alert.getClipEndTime().toEpochMilli(), key, value);
    }
}
