package io.actionwatch.stack.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a {@code java} executable of at least a given feature release, for child JVMs whose software needs a newer
 * Java than the one running us (the Apicurio registry needs 21+ while the project itself runs on 17).
 *
 * <p>Looks, in order, at: the running JVM, {@code $REGISTRY_JAVA_HOME}, {@code $JAVA_HOME}, then every JDK under
 * {@code /usr/lib/jvm} (newest first). A JDK's release is read from its {@code release} file.
 */
public final class JavaRuntimes {

    public static final String REGISTRY_JAVA_HOME = "REGISTRY_JAVA_HOME";
    public static final Path SYSTEM_JVM_DIR = Path.of("/usr/lib/jvm");

    private static final Logger log = LoggerFactory.getLogger(JavaRuntimes.class);

    private JavaRuntimes() {
    }

    /** The {@code java} executable of the running JVM. */
    public static Path currentJava() {
        return javaExecutable(Path.of(System.getProperty("java.home")));
    }

    /** A {@code java} executable of release {@code minimumFeature} or newer, searched as the class comment says. */
    public static Path find(int minimumFeature) {
        return find(minimumFeature, Runtime.version().feature(), Path.of(System.getProperty("java.home")),
                System.getenv(), SYSTEM_JVM_DIR);
    }

    /**
     * The search with every input explicit (for tests).
     *
     * @throws IllegalStateException naming every place looked at and what was found there, when nothing fits
     */
    public static Path find(int minimumFeature, int currentFeature, Path currentHome, Map<String, String> env,
                            Path jvmDir) {
        List<String> looked = new ArrayList<>();
        if (currentFeature >= minimumFeature) {
            return javaExecutable(currentHome);
        }
        looked.add("running JVM " + currentHome + " is Java " + currentFeature);
        for (String variable : List.of(REGISTRY_JAVA_HOME, "JAVA_HOME")) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                looked.add("$" + variable + " is not set");
                continue;
            }
            Path home = Path.of(value);
            Optional<Integer> feature = feature(home);
            if (feature.isPresent() && feature.get() >= minimumFeature && Files.isExecutable(javaExecutable(home))) {
                return javaExecutable(home);
            }
            looked.add("$" + variable + "=" + home + " is " + feature.map(f -> "Java " + f).orElse("not a JDK with a release file"));
        }
        List<Candidate> candidates = new ArrayList<>();
        if (Files.isDirectory(jvmDir)) {
            try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvmDir)) {
                for (Path home : homes) {
                    feature(home).filter(f -> Files.isExecutable(javaExecutable(home)))
                            .ifPresent(f -> candidates.add(new Candidate(home, f)));
                }
            } catch (IOException e) {
                log.warn("cannot list JDKs dir={}", jvmDir, e);
                looked.add(jvmDir + " could not be listed: " + e.getMessage());
            }
        }
        Optional<Candidate> best = candidates.stream()
                .filter(c -> c.feature() >= minimumFeature)
                .max(Comparator.comparingInt(Candidate::feature).thenComparing(c -> c.home().toString()));
        if (best.isPresent()) {
            return javaExecutable(best.get().home());
        }
        looked.add(jvmDir + (candidates.isEmpty() ? " holds no JDK" : " holds only " + candidates.stream()
                .map(c -> c.home().getFileName() + " (Java " + c.feature() + ")").toList()));
        throw new IllegalStateException("no Java " + minimumFeature + "+ found: " + String.join("; ", looked)
                + ". Install a JDK " + minimumFeature + " or newer (e.g. Temurin) and point $" + REGISTRY_JAVA_HOME
                + " or $JAVA_HOME at it");
    }

    /** The feature release of the JDK at {@code home}, from its {@code release} file's JAVA_VERSION. */
    public static Optional<Integer> feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException e) {
            log.warn("cannot read JDK release file file={}", release, e);
            return Optional.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        // "1.8.0_402" is Java 8; "21.0.5" and "25" are what they say.
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return Optional.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
        } catch (NumberFormatException e) {
            log.debug("unparseable JAVA_VERSION file={} version={}", release, version);
            return Optional.empty();
        }
    }

    private static Path javaExecutable(Path home) {
        return home.resolve("bin").resolve("java");
    }

    private record Candidate(Path home, int feature) {
    }
}
