package io.actionwatch.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Builds registry-aware Avro serdes for generated classes. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /**
     * A serde for {@code type}, configured from {@code config} ({@link RegistrySerdeConfig}: at least
     * {@code schema.registry.url}). Its serializer and deserializer share one registry client, closed with the
     * serde; it is ready to use, so a later {@code configure} call changes nothing.
     */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        RegistrySerdeConfig settings = new RegistrySerdeConfig(config);
        SchemaRegistryClient client = settings.newClient();
        return new RegistryAvroSerde<>(
                new RegistryAvroSerializer<>(client, settings.autoRegisterSchemas(), isKey,
                        settings.valueSubjectByRecordName()),
                new RegistryAvroDeserializer<>(type, client),
                client);
    }
}
