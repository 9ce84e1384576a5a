package io.actionwatch.stack.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The registry's ports, kept in its work directory ({@code ports.properties}) so that a registry started again over
 * the same directory answers at the same URL: clients configured with it (cameras, the stream application, the
 * sink) then reach the restarted registry without being told anything.
 *
 * @param http       the HTTP port (the Confluent-compatible API)
 * @param management the management port (health checks)
 */
record RegistryPorts(int http, int management) {

    static final String FILE = "ports.properties";
    private static final String HTTP = "http.port";
    private static final String MANAGEMENT = "management.port";

    RegistryPorts {
        checkPort(HTTP, http);
        checkPort(MANAGEMENT, management);
    }

    static Path file(Path workDir) {
        return workDir.resolve(FILE);
    }

    /** The ports an earlier start wrote into {@code workDir}, empty when none did (a fresh work directory). */
    static Optional<RegistryPorts> read(Path workDir) {
        Path file = file(workDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry's ports " + file, e);
        }
        try {
            return Optional.of(new RegistryPorts(Integer.parseInt(properties.getProperty(HTTP, "").trim()),
                    Integer.parseInt(properties.getProperty(MANAGEMENT, "").trim())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the registry's ports file " + file + " is damaged (" + e.getMessage()
                    + "); delete it to let the registry choose new ports", e);
        }
    }

    void write(Path workDir) {
        Path file = file(workDir);
        Properties properties = new Properties();
        properties.setProperty(HTTP, Integer.toString(http));
        properties.setProperty(MANAGEMENT, Integer.toString(management));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "Written by actionwatch local-stack: the registry's ports, reused by its next start");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the registry's ports " + file, e);
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be in 1..65535, was " + port);
        }
    }
}
