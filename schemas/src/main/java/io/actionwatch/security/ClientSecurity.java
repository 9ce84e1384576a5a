package io.actionwatch.security;

import io.actionwatch.serde.RegistrySerdeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * A role's client settings in a secured deployment: SASL/SCRAM-SHA-512 over TLS to the broker, HTTP basic over https
 * to the registry, the CA both present their certificates under, and schema auto-registration off. Every Kafka
 * client and the project's serdes read the same map, so one properties file per role configures a whole process.
 */
public final class ClientSecurity {

    /** The SASL mechanism of every role's principal. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private ClientSecurity() {
    }

    /** Kafka and registry settings for {@code user} with {@code password}, trusting the CA in {@code caPem}. */
    public static Map<String, Object> settings(String user, String password, Path caPem) {
        if (user.isBlank() || password.isEmpty() || user.indexOf('"') >= 0 || password.indexOf('"') >= 0
                || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("user and password must be non-empty, without '\"', and the user without ':'");
        }
        Map<String, Object> settings = new TreeMap<>();
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_SSL.name);
        settings.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caPem.toAbsolutePath().toString());
        settings.put(RegistrySerdeConfig.BASIC_AUTH_USER_INFO, user + ":" + password);
        settings.put(RegistrySerdeConfig.TRUSTSTORE_LOCATION, caPem.toAbsolutePath().toString());
        // Schemas are registered once, by the admin role, at provisioning; services only look their ids up.
        settings.put(RegistrySerdeConfig.AUTO_REGISTER_SCHEMAS, "false");
        return settings;
    }

    /**
     * Writes {@code settings} as a properties file readable by its owner only: it holds a password. Services take it
     * as their configuration file, the camera and the operator tools with {@code --client-config}.
     */
    public static void write(Path file, Map<String, Object> settings) {
        Properties properties = new Properties();
        settings.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, "actionwatch client settings; holds a password: keep it readable by its owner only");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client settings " + file, e);
        }
    }

    /** Reads a client settings file (any Kafka client or serde keys), e.g. one {@link #write} made. */
    public static Map<String, Object> read(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read client settings " + file, e);
        }
        Map<String, Object> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }
}
