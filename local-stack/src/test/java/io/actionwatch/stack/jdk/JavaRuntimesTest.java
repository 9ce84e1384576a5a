package io.actionwatch.stack.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {

    @TempDir
    Path dir;

    private Path jdk(String name, String version) throws Exception {
        Path home = dir.resolve("jvm").resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin").resolve("java"));
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void runningJvmWinsWhenNewEnough() throws Exception {
        Path current = jdk("current", "21.0.2");
        jdk("newer", "25");
        assertThat(JavaRuntimes.find(21, 21, current, Map.of(), dir.resolve("jvm")))
                .isEqualTo(current.resolve("bin/java"));
    }

    @Test
    void registryJavaHomeThenJavaHomeThenNewestSystemJdk() throws Exception {
        Path current = jdk("java-17", "17.0.15");
        Path registryHome = jdk("for-registry", "21.0.1");
        Path javaHome = jdk("temurin-22", "22");
        Path jvmDir = dir.resolve("jvm");
        jdk("temurin-25", "25.0.1");

        assertThat(JavaRuntimes.find(21, 17, current, Map.of("REGISTRY_JAVA_HOME", registryHome.toString(),
                "JAVA_HOME", javaHome.toString()), jvmDir)).isEqualTo(registryHome.resolve("bin/java"));
        assertThat(JavaRuntimes.find(21, 17, current, Map.of("JAVA_HOME", javaHome.toString()), jvmDir))
                .isEqualTo(javaHome.resolve("bin/java"));
        assertThat(JavaRuntimes.find(21, 17, current, Map.of("JAVA_HOME", current.toString()), jvmDir))
                .isEqualTo(jvmDir.resolve("temurin-25/bin/java"));
    }

    @Test
    void nothingSuitableNamesEveryPlaceLookedAt() throws Exception {
        Path current = jdk("java-17", "17.0.15");
        jdk("java-11", "11.0.2");
        assertThatThrownBy(() -> JavaRuntimes.find(21, 17, current, Map.of("JAVA_HOME", current.toString()), dir.resolve("jvm")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Java 21+ found")
                .hasMessageContaining("running JVM")
                .hasMessageContaining("$REGISTRY_JAVA_HOME is not set")
                .hasMessageContaining("$JAVA_HOME=" + current + " is Java 17")
                .hasMessageContaining("java-11 (Java 11)")
                .hasMessageContaining("point $REGISTRY_JAVA_HOME");
    }

    @Test
    void readsFeatureReleaseFromReleaseFile() throws Exception {
        assertThat(JavaRuntimes.feature(jdk("a", "25.0.1"))).contains(25);
        assertThat(JavaRuntimes.feature(jdk("b", "1.8.0_402"))).contains(8);
        assertThat(JavaRuntimes.feature(jdk("c", "21"))).contains(21);
        assertThat(JavaRuntimes.feature(dir.resolve("missing"))).isEqualTo(Optional.empty());
    }
}
