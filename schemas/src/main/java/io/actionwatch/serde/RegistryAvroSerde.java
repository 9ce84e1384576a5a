package io.actionwatch.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A serializer and deserializer sharing one registry client, which this serde owns and closes. */
final class RegistryAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final RegistryAvroSerializer<T> serializer;
    private final RegistryAvroDeserializer<T> deserializer;
    private final SchemaRegistryClient client;

    RegistryAvroSerde(RegistryAvroSerializer<T> serializer, RegistryAvroDeserializer<T> deserializer,
                      SchemaRegistryClient client) {
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Built fully configured by AvroSerdes; Kafka Streams may still call this, and it must not rebuild anything.
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        client.close();
    }
}
