package io.actionwatch.sink.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.schemas.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AlertRecordsTest {

    @Test
    void keyedByCameraAndStampedWithTheClipEnd() {
        Instant end = Instant.parse("2026-05-01T10:00:01.250Z");
        Alert alert = Alert.newBuilder().setAlertId("fall:e1").setRule("fall").setCameraId("cam-ü").setLabel("falling_down")
                .setScore(0.9f).setEventId("e1").setClipStartTime(end.minusSeconds(1)).setClipEndTime(end)
                .setRaisedAt(Instant.parse("2026-05-02T00:00:00Z")).build();
        byte[] value = {1, 2, 3};

        ProducerRecord<byte[], byte[]> record = AlertRecords.of("alerts-replay", alert, value);

        assertThat(record.topic()).isEqualTo("alerts-replay");
        assertThat(record.key()).isEqualTo("cam-ü".getBytes(StandardCharsets.UTF_8));
        // Event time, not the time it was raised: a replay's alerts carry the same timestamps as the live ones.
        assertThat(record.timestamp()).isEqualTo(end.toEpochMilli());
        assertThat(record.value()).isSameAs(value);
        assertThat(record.partition()).isNull();
    }
}
