package io.actionwatch.ingest.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.actionwatch.schemas.VideoFrame;
import io.actionwatch.serde.RegistryAvroDeserializer;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.stack.registry.ApicurioRegistry;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge camera artifacts that {@code package} builds ({@code target/actionwatch-camera-<version>-<platform>.zip},
 * see ingest/pom.xml and src/assembly): they hold what a camera needs and only their platform's natives; the arm64
 * natives load on a Jetson's JetPack 4.6 (glibc 2.27); the x86-64 one runs, here, as a camera against a real broker.
 *
 * <p>The archives are opened with commons-compress (on the class path through Avro) rather than java.util.zip
 * because it exposes the Unix file modes the launcher's executable bit lives in.
 */
class EdgeArtifactIT {

    private static final String ARM64 = "linux-arm64";
    private static final String X86_64 = "linux-x86_64";

    /**
     * What the Jetson Nano's last JetPack (4.6, L4T 32.6/32.7) offers: Ubuntu 18.04 aarch64, glibc 2.27, and
     * libstdc++6 from GCC 8 (GLIBCXX_3.4.25, CXXABI_1.3.11). A native needing more fails to load there.
     */
    private static final Map<String, SymbolVersion> JETPACK_4_6 = Map.of(
            "GLIBC", SymbolVersion.of("GLIBC_2.27"),
            "GLIBCXX", SymbolVersion.of("GLIBCXX_3.4.25"),
            "CXXABI", SymbolVersion.of("CXXABI_1.3.11"));

    /** Native files inside the bytedeco native jars, e.g. org/bytedeco/ffmpeg/linux-arm64/libavcodec.so.60. */
    private static final Pattern SHARED_LIBRARY = Pattern.compile(".+\\.so(\\.\\d+)*");

    /** A jar whose classifier names an OS and architecture: a native jar for one platform. */
    private static final Pattern PLATFORM_CLASSIFIED_JAR =
            Pattern.compile(".+-(linux|windows|macosx|android|ios)-[a-z0-9_]+\\.jar");

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);

    private static final String PROJECT_VERSION = requiredProperty("camera.expected.project.version");
    private static final String JAVACV_VERSION = requiredProperty("camera.expected.javacv.version");
    private static final String FFMPEG_VERSION = requiredProperty("camera.expected.ffmpeg.version");

    @TempDir
    static Path work;

    // ---- (a) contents ----------------------------------------------------------------------------------------------

    @Test
    void arm64ArtifactHoldsEveryJarACameraNeedsAndOnlyArm64Natives() throws IOException {
        TreeSet<String> jars = libJars(ARM64);
        assertHoldsTheCameraRuntime(jars, ARM64);
        assertThat(jars).as("no x86-64 natives in the arm64 artifact").noneMatch(jar -> jar.contains(X86_64));
    }

    @Test
    void x86_64ArtifactHoldsEveryJarACameraNeedsAndOnlyX86_64Natives() throws IOException {
        TreeSet<String> jars = libJars(X86_64);
        assertHoldsTheCameraRuntime(jars, X86_64);
        assertThat(jars).as("no arm64 natives in the x86-64 artifact").noneMatch(jar -> jar.contains(ARM64));
    }

    @Test
    void launcherIsAnExecutablePosixShellScript() throws IOException {
        for (String platform : List.of(ARM64, X86_64)) {
            try (ZipFile zip = open(platform)) {
                ZipArchiveEntry launcher = entry(zip, "bin/actionwatch-camera").orElseThrow(() -> new AssertionError(
                        artifact(platform) + " has no bin/actionwatch-camera"));
                assertThat(launcher.getUnixMode() & 0111).as("%s: bin/actionwatch-camera mode %o, not executable",
                        platform, launcher.getUnixMode()).isEqualTo(0111);
                String script = new String(readAll(zip.getInputStream(launcher)), StandardCharsets.UTF_8);
                assertThat(script).startsWith("#!/bin/sh\n").doesNotContain("\r")
                        .contains("io.actionwatch.ingest.cli.IngestCli camera \"$@\"");
            }
        }
    }

    private static void assertHoldsTheCameraRuntime(TreeSet<String> jars, String platform) {
        List<String> required = new ArrayList<>(List.of(
                "ingest-" + PROJECT_VERSION + ".jar",
                "schemas-" + PROJECT_VERSION + ".jar",
                "javacv-" + JAVACV_VERSION + ".jar",
                "javacpp-" + JAVACV_VERSION + ".jar",
                "javacpp-" + JAVACV_VERSION + "-" + platform + ".jar",
                "ffmpeg-" + FFMPEG_VERSION + ".jar",
                "ffmpeg-" + FFMPEG_VERSION + "-" + platform + ".jar"));
        assertThat(jars).as("jars in lib/ of %s", artifact(platform)).containsAll(required);

        // Third-party libraries by name, whatever version the parent pom manages: the producer and its compression
        // codecs, Avro (the wire format) with what it loads, the registry serdes' Jackson, the CLI, the logging.
        for (String artifactId : List.of("kafka-clients", "zstd-jni", "lz4-java", "snappy-java", "avro",
                "commons-compress", "jackson-core", "jackson-databind", "jackson-annotations", "picocli",
                "slf4j-api", "logback-classic", "logback-core")) {
            Pattern jar = Pattern.compile(Pattern.quote(artifactId) + "-\\d[^-]*(-[^-]*)?\\.jar");
            assertThat(jars).as("%s: lib/ has no %s jar", artifact(platform), artifactId)
                    .anyMatch(name -> jar.matcher(name).matches());
        }

        // Only a camera's runtime: the tests' broker, registry launcher and test frameworks stay out.
        for (String testOnly : List.of("local-stack-", "kafka-test-common-runtime-", "kafka_2.13-", "kafka-server-",
                "junit-", "assertj-", "opentest4j-")) {
            assertThat(jars).as("%s: test-only jar %s* in lib/", artifact(platform), testOnly)
                    .noneMatch(name -> name.startsWith(testOnly));
        }

        // Every platform-classified jar is this platform's: no other OS or architecture, no "-platform" bundles.
        assertThat(jars.stream().filter(name -> PLATFORM_CLASSIFIED_JAR.matcher(name).matches()))
                .as("%s: native jars", artifact(platform))
                .containsExactlyInAnyOrder("javacpp-" + JAVACV_VERSION + "-" + platform + ".jar",
                        "ffmpeg-" + FFMPEG_VERSION + "-" + platform + ".jar");
        assertThat(jars).noneMatch(name -> name.contains("-platform-") || name.endsWith("-platform.jar"));
    }

    // ---- (b) the natives' machine and glibc needs ------------------------------------------------------------------

    @Test
    void arm64NativesAreAArch64AndNeedNothingNewerThanJetPack46() throws IOException {
        List<ElfVersionNeeds.ElfFile> natives = nativeFiles(ARM64);
        report(ARM64, natives);

        List<String> problems = new ArrayList<>();
        for (ElfVersionNeeds.ElfFile file : natives) {
            if (file.machine() != ElfVersionNeeds.EM_AARCH64) {
                problems.add(file.name() + ": " + file.machineName() + ", not AArch64");
            }
            problems.addAll(tooNew(file, JETPACK_4_6));
        }
        assertThat(problems).as("arm64 natives that would not load on JetPack 4.6 (Ubuntu 18.04, glibc 2.27)")
                .isEmpty();
        // Not vacuous: the libraries were read and do ask for glibc versions (2.17 is aarch64's first glibc).
        assertThat(maximum(natives, "GLIBC")).as("highest GLIBC version the arm64 natives need")
                .hasValueSatisfying(glibc -> assertThat(glibc.numbers().get(0)).isEqualTo(2));
    }

    @Test
    void versionNeedsReaderFindsTheX86_64NativesGlibcNeedsAndFlagsThemAgainstALowerLimit() throws IOException {
        List<ElfVersionNeeds.ElfFile> natives = nativeFiles(X86_64);
        report(X86_64, natives);

        assertThat(natives).as("x86-64 natives").allSatisfy(file ->
                assertThat(file.machine()).as(file.name()).isEqualTo(ElfVersionNeeds.EM_X86_64));
        // The same reader that passes the arm64 natives must see what readelf -V sees: libc.so.6 GLIBC_2.x needs, in
        // every FFmpeg library (they all call libc) ...
        for (ElfVersionNeeds.ElfFile file : natives) {
            if (file.name().contains("/libav")) {
                assertThat(file.needs()).as("%s version needs", file.name())
                        .anyMatch(need -> need.library().equals("libc.so.6") && need.version().startsWith("GLIBC_2."));
            }
        }
        // ... and the limit check must be able to fail: against a glibc older than what they need, it flags them.
        SymbolVersion highest = maximum(natives, "GLIBC").orElseThrow();
        List<Integer> older = new ArrayList<>(highest.numbers());
        older.set(older.size() - 1, older.get(older.size() - 1) - 1);
        Map<String, SymbolVersion> olderLimit = Map.of("GLIBC", new SymbolVersion("GLIBC", older));
        assertThat(natives.stream().flatMap(file -> tooNew(file, olderLimit).stream()))
                .as("needs above %s", olderLimit.get("GLIBC")).isNotEmpty()
                .allMatch(problem -> problem.contains(highest.toString()));
    }

    /** Every need of {@code file} newer than its family's limit, as "library: needs libc.so.6 GLIBC_2.34 (> ...)". */
    private static List<String> tooNew(ElfVersionNeeds.ElfFile file, Map<String, SymbolVersion> limits) {
        List<String> problems = new ArrayList<>();
        for (ElfVersionNeeds.Need need : file.needs()) {
            Optional<SymbolVersion> version = SymbolVersion.parse(need.version());
            if (version.isEmpty()) {
                // GLIBC_PRIVATE and the like bind to one exact glibc build: no other glibc can load such a file.
                if (need.version().startsWith("GLIBC")) {
                    problems.add(file.name() + ": needs " + need + ", private to one glibc build");
                }
                continue;
            }
            SymbolVersion limit = limits.get(version.get().family());
            if (limit != null && version.get().isNewerThan(limit)) {
                problems.add(file.name() + ": needs " + need + " (newer than " + limit + ")");
            }
        }
        return problems;
    }

    private static Optional<SymbolVersion> maximum(List<ElfVersionNeeds.ElfFile> files, String family) {
        return files.stream().flatMap(file -> file.needs().stream())
                .flatMap(need -> SymbolVersion.parse(need.version()).stream())
                .filter(version -> version.family().equals(family))
                .max(SymbolVersion::compareTo);
    }

    /** The measured maxima, in the test output, for the README and for whoever bumps bytedeco next. */
    private static void report(String platform, List<ElfVersionNeeds.ElfFile> natives) {
        Map<String, String> maxima = new LinkedHashMap<>();
        for (String family : List.of("GLIBC", "GLIBCXX", "CXXABI", "GCC")) {
            maxima.put(family, maximum(natives, family).map(SymbolVersion::toString).orElse("none"));
        }
        System.out.printf("%s natives: %d ELF files, highest needs %s%n", platform, natives.size(), maxima);
    }

    /**
     * Every native file in the platform's bytedeco jars inside the artifact, read in place (jars within the zip, no
     * unpacking to disk). Every {@code *.so*} must be ELF; other ELF files (FFmpeg's bundled ffmpeg/ffprobe programs)
     * are checked too, since JavaCPP can run them.
     */
    private static List<ElfVersionNeeds.ElfFile> nativeFiles(String platform) throws IOException {
        Pattern nativePath = Pattern.compile("org/bytedeco/[^/]+/" + Pattern.quote(platform) + "/[^/]+");
        List<ElfVersionNeeds.ElfFile> files = new ArrayList<>();
        try (ZipFile zip = open(platform)) {
            for (ZipArchiveEntry jarEntry : list(zip)) {
                String jarName = fileName(jarEntry);
                if (!jarEntry.getName().contains("/lib/") || !jarName.endsWith("-" + platform + ".jar")) {
                    continue;
                }
                try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(jarEntry))) {
                    for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                        if (inner.isDirectory() || !nativePath.matcher(inner.getName()).matches()) {
                            continue;
                        }
                        byte[] bytes = readAll(jar);
                        String name = jarName + "!/" + inner.getName();
                        if (ElfVersionNeeds.isElf(bytes)) {
                            files.add(ElfVersionNeeds.parse(name, bytes));
                        } else if (SHARED_LIBRARY.matcher(inner.getName()).matches()) {
                            fail("%s is named like a shared library but is not an ELF file", name);
                        }
                    }
                }
            }
        }
        assertThat(files).as("ELF files in the %s native jars of %s", platform, artifact(platform))
                .extracting(ElfVersionNeeds.ElfFile::name)
                .anyMatch(name -> name.contains("libjnijavacpp.so"))
                .anyMatch(name -> name.contains("libavcodec.so"));
        return files;
    }

    // ---- (c) the x86-64 artifact runs -------------------------------------------------------------------------------

    @Test
    void x86_64LauncherPrintsTheCameraUsageWithJavaHomeAndJavaOpts() throws Exception {
        Path home = installed(X86_64);
        // -XshowSettings:properties makes the JVM print its properties to stderr: proof that JAVA_OPTS reached the
        // JVM and that the java it ran is JAVA_HOME's.
        ProcessResult help = run(home, Map.of("JAVA_OPTS", "-XshowSettings:properties -Xmx128m"), "--help");
        assertThat(help.exitCode()).as(help.describe()).isZero();
        assertThat(help.stdout()).as(help.describe()).contains("Usage: ingest camera")
                .contains("--bootstrap-servers").contains("--schema-registry-url").contains("--frames");
        assertThat(help.stderr()).as(help.describe()).contains("java.home = " + javaHome());
    }

    @Test
    void x86_64ArtifactLoadsItsBundledFfmpeg() throws Exception {
        Path home = installed(X86_64);
        // A single-file program (java Probe.java) on the artifact's lib/ only: JavaCPP must find FFmpeg in the
        // packaged native jar, extract it and load it, as it will for a video or RTSP source on a device.
        Path probe = Files.writeString(work.resolve("FfmpegProbe.java"), """
                public class FfmpegProbe {
                    public static void main(String[] args) {
                        String loaded = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
                        System.out.println("loaded=" + loaded);
                        System.out.println("ffmpeg=" + org.bytedeco.ffmpeg.global.avutil.av_version_info().getString());
                    }
                }
                """);
        Path cache = Files.createDirectories(work.resolve("javacpp-cache"));
        ProcessResult result = start(List.of(javaHome().resolve("bin/java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-cp", home.resolve("lib") + "/*", probe.toString()),
                Map.of());
        assertThat(result.exitCode()).as(result.describe()).isZero();
        String expectedFfmpeg = FFMPEG_VERSION.substring(0, FFMPEG_VERSION.indexOf('-'));
        assertThat(result.stdout()).as(result.describe())
                .contains("ffmpeg=" + expectedFfmpeg)
                .contains("loaded=" + cache.toRealPath());
    }

    @Test
    void x86_64ArtifactPublishesSyntheticFramesToARealBrokerThroughARealRegistry() throws Exception {
        Path home = installed(X86_64);
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(),
                Files.createDirectories(work.resolve("registry")))) {
            // Closed in finally, not by try-with-resources: its close() throws InterruptedException.
            KafkaClusterTestKit cluster = startBroker();
            try {
                assertCameraPublishesFiveFrames(home, cluster.bootstrapServers(), registry.ccompatUrl());
            } finally {
                cluster.close();
            }
        }
    }

    private static void assertCameraPublishesFiveFrames(Path home, String bootstrapServers, String registryUrl)
            throws IOException, InterruptedException {
        ProcessResult camera = run(home, Map.of(),
                "--camera-id", "edge-it-cam", "--fps", "0", "--frames", "5",
                "--width", "160", "--height", "120", "--seed", "7",
                "--bootstrap-servers", bootstrapServers, "--schema-registry-url", registryUrl);
        assertThat(camera.exitCode()).as(camera.describe()).isZero();
        assertThat(camera.stdout()).as(camera.describe())
                .contains("camera=edge-it-cam captured=5 sent=5 failed=0 dropped=0 nextSequence=5");

        List<ConsumerRecord<String, VideoFrame>> records = readFrames(bootstrapServers, registryUrl, "edge-it-cam", 5);
        assertThat(records).extracting(r -> r.value().getSequence()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.value().getCameraId()).isEqualTo("edge-it-cam");
            assertThat(r.value().getWidth()).isEqualTo(160);
            assertThat(r.value().getHeight()).isEqualTo(120);
            assertThat(r.value().getData().remaining()).as("JPEG bytes").isPositive();
        });
    }

    private static KafkaClusterTestKit startBroker() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("message.max.bytes", Integer.toString(Topics.MAX_FRAME_RECORD_BYTES + 256 * 1024))
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            try (Admin admin = cluster.admin()) {
                new TopicProvisioner(admin, KAFKA_TIMEOUT).provision(Topics.all(1, (short) 1));
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            try {
                cluster.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static List<ConsumerRecord<String, VideoFrame>> readFrames(String bootstrapServers, String registryUrl,
            String cameraId, int expected) {
        RegistryAvroDeserializer<VideoFrame> values = new RegistryAvroDeserializer<>(VideoFrame.class);
        values.configure(Map.of(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_FRAME_RECORD_BYTES,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, VideoFrame>> records = new ArrayList<>();
        try (KafkaConsumer<String, VideoFrame> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            // Assigned, not subscribed: no group to join; frames.v1 has one partition on this broker.
            TopicPartition partition = new TopicPartition(Topics.FRAMES, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, VideoFrame> record : consumer.poll(Duration.ofMillis(200))) {
                    if (cameraId.equals(record.key())) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    // ---- the artifacts and processes --------------------------------------------------------------------------------

    private static final Map<String, Path> INSTALLED = new HashMap<>();

    /**
     * The platform's artifact unzipped (once per run) as a user would, keeping the launcher's executable bit, which
     * a plain java.util.zip extraction would drop.
     */
    private static synchronized Path installed(String platform) throws IOException {
        Path existing = INSTALLED.get(platform);
        if (existing != null) {
            return existing;
        }
        Path target = Files.createDirectories(work.resolve("installed-" + platform));
        Path top = null;
        try (ZipFile zip = open(platform)) {
            for (ZipArchiveEntry entry : list(zip)) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException(artifact(platform) + ": entry " + entry.getName() + " points outside it");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, path);
                }
                if (entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(rwx(entry.getUnixMode())));
                }
                if (entry.getName().endsWith("/bin/actionwatch-camera")) {
                    top = path.getParent().getParent();
                }
            }
        }
        if (top == null) {
            throw new AssertionError(artifact(platform) + " has no */bin/actionwatch-camera");
        }
        INSTALLED.put(platform, top);
        return top;
    }

    private static String rwx(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder out = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            out.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return out.toString();
    }

    /** Runs the installed launcher with this JVM's Java as JAVA_HOME, the way an operator would. */
    private static ProcessResult run(Path home, Map<String, String> extraEnvironment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/actionwatch-camera").toString());
        command.addAll(List.of(arguments));
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("JAVA_HOME", javaHome().toString());
        return start(command, environment);
    }

    private static ProcessResult start(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(work, "stdout", ".txt");
        Path stderr = Files.createTempFile(work, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // Nothing from the build's own environment may change what the launcher does.
        builder.environment().remove("JAVA_OPTS");
        builder.environment().keySet().removeIf(name -> name.startsWith("ACTIONWATCH_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("%s did not finish within %s; stdout: %s%nstderr: %s", command, PROCESS_TIMEOUT,
                    Files.readString(stdout), Files.readString(stderr));
        }
        return new ProcessResult(command, process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout:\n" + stdout
                    + "\n--- stderr:\n" + stderr;
        }
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static Path artifact(String platform) {
        Path path = Path.of(requiredProperty("camera.artifact." + platform));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no camera artifact at " + path + ": it is built in the package phase; run "
                    + "this test through mvn verify (e.g. mvn -pl ingest verify -Dit.test=EdgeArtifactIT)");
        }
        return path;
    }

    private static ZipFile open(String platform) throws IOException {
        return ZipFile.builder().setPath(artifact(platform)).get();
    }

    private static List<ZipArchiveEntry> list(ZipFile zip) {
        List<ZipArchiveEntry> entries = new ArrayList<>();
        for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
            entries.add(e.nextElement());
        }
        return entries;
    }

    private static Optional<ZipArchiveEntry> entry(ZipFile zip, String pathUnderTop) {
        return list(zip).stream().filter(entry -> entry.getName().endsWith("/" + pathUnderTop)).findFirst();
    }

    /** File names in the artifact's lib/, sorted. */
    private static TreeSet<String> libJars(String platform) throws IOException {
        TreeSet<String> jars = new TreeSet<>();
        try (ZipFile zip = open(platform)) {
            for (ZipArchiveEntry entry : list(zip)) {
                if (!entry.isDirectory() && entry.getName().contains("/lib/")) {
                    jars.add(fileName(entry));
                }
            }
        }
        return jars;
    }

    private static String fileName(ZipArchiveEntry entry) {
        return entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: ingest/pom.xml's failsafe "
                    + "configuration sets it; run this test through mvn verify");
        }
        return value;
    }
}
