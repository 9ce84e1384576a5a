package io.actionwatch.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One map of client settings (bootstrap servers, registry URL, security) serves every Kafka client and serde of a
 * process; each client gets only the keys it knows, so none logs the others' as unknown.
 */
public final class ClientSettings {

    private ClientSettings() {
    }

    /** The entries of {@code settings} whose keys are in {@code knownKeys}, e.g. {@code ConsumerConfig.configNames()}. */
    public static Map<String, Object> select(Map<String, ?> settings, Set<String> knownKeys) {
        Map<String, Object> selected = new HashMap<>();
        settings.forEach((key, value) -> {
            if (knownKeys.contains(key)) {
                selected.put(key, value);
            }
        });
        return selected;
    }
}
