package io.actionwatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an application's settings in three layers, later ones winning: defaults shipped as a classpath resource,
 * an optional properties file, then environment variables. The environment layer is what containers use, so every
 * key an application knows can be overridden there: key {@code k} is read from
 * {@code prefix + k.toUpperCase().replace('.', '_').replace('-', '_')}.
 */
public final class LayeredConfig {

    private static final Logger log = LoggerFactory.getLogger(LayeredConfig.class);

    private LayeredConfig() {
    }

    /**
     * @param classpathDefaults name of a properties resource that must exist (e.g. {@code "ingest-defaults.properties"})
     * @param file              properties file to read, if any; named but unreadable is an error, not a silent skip
     * @param env               the environment (normally {@code System.getenv()}), passed in so tests control it
     * @param envPrefix         prefix of override variables, e.g. {@code "ACTIONWATCH_"}
     * @param knownKeys         keys that may be overridden from the environment besides those in the defaults and
     *                          the file (the application's ConfigDef names plus Kafka's client and streams names)
     * @throws UncheckedIOException     when the defaults resource or the file cannot be read
     * @throws IllegalArgumentException when the defaults resource does not exist
     */
    public static Properties load(String classpathDefaults, Optional<Path> file, Map<String, String> env,
                                  String envPrefix, Set<String> knownKeys) {
        Objects.requireNonNull(classpathDefaults, "classpathDefaults");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(envPrefix, "envPrefix");
        Objects.requireNonNull(knownKeys, "knownKeys");

        Properties merged = readDefaults(classpathDefaults);
        Set<String> defaultKeys = merged.stringPropertyNames();
        if (file.isPresent()) {
            Properties fromFile = readFile(file.get());
            for (String key : fromFile.stringPropertyNames()) {
                if (!defaultKeys.contains(key) && !knownKeys.contains(key)) {
                    log.warn("unknown configuration key in file, passed through as is key={} file={}", key, file.get());
                }
                merged.setProperty(key, fromFile.getProperty(key));
            }
        }

        Set<String> overridable = new TreeSet<>(knownKeys);
        overridable.addAll(merged.stringPropertyNames());
        Map<String, String> keyByVariable = new HashMap<>();
        for (String key : overridable) {
            String variable = envVariable(envPrefix, key);
            String clash = keyByVariable.putIfAbsent(variable, key);
            if (clash != null && !clash.equals(key)) {
                log.warn("keys share one environment variable, the variable sets both variable={} keys={},{}", variable, clash, key);
            }
            String value = env.get(variable);
            if (value != null) {
                merged.setProperty(key, value);
                log.debug("configuration from environment key={} variable={}", key, variable);
            }
        }
        if (!envPrefix.isEmpty()) {
            for (String variable : env.keySet()) {
                if (variable.startsWith(envPrefix) && !keyByVariable.containsKey(variable)) {
                    log.warn("environment variable matches no configuration key and is ignored variable={}", variable);
                }
            }
        }
        return merged;
    }

    /** The environment variable that overrides {@code key}. */
    public static String envVariable(String envPrefix, String key) {
        return envPrefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Properties readDefaults(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = LayeredConfig.class.getClassLoader();
        }
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("default configuration resource '" + name + "' is not on the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read default configuration resource '" + name + "': " + e.getMessage(), e);
        }
    }

    private static Properties readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UncheckedIOException("configuration file " + path.toAbsolutePath()
                    + " does not exist or is not a regular file", new NoSuchFileException(path.toString()));
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load throws IllegalArgumentException on a malformed \\uXXXX escape.
            throw new UncheckedIOException("cannot read configuration file " + path.toAbsolutePath() + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static Properties read(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
