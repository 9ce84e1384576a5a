package io.actionwatch.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.actionwatch.stack.broker.KafkaBroker;
import io.actionwatch.stack.registry.ApicurioRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real broker JVM and the real registry, talks to both, stops them and checks no process is left. */
class LocalStackIT {

    @TempDir
    Path work;

    @Test
    void brokerAndRegistryAnswerAndLeaveNoProcessBehind() throws Exception {
        ProcessHandle brokerProcess;
        List<ProcessHandle> brokerTree;
        ProcessHandle registryProcess;
        List<ProcessHandle> registryTree;
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), work.resolve("broker"));
             ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), work.resolve("registry"))) {
            brokerProcess = broker.processHandle();
            brokerTree = brokerProcess.descendants().toList();
            registryProcess = registry.processHandle();
            registryTree = registryProcess.descendants().toList();
            assertThat(brokerProcess.isAlive()).isTrue();
            assertThat(registryProcess.isAlive()).isTrue();

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
                // A topic with a frame-sized max.message.bytes: the broker-level limit must allow it.
                admin.createTopics(List.of(new NewTopic("probe", 3, (short) 1)
                        .configs(Map.of("max.message.bytes", Integer.toString(8 * 1024 * 1024)))))
                        .all().get(30, TimeUnit.SECONDS);
                // Creation completes once the controller commits it; the broker lists the topic once it has caught up.
                assertThat(listedWithin(admin, "probe", Duration.ofSeconds(30))).as("topics listed by the broker")
                        .contains("probe");
            }

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).isEqualTo("[]");
            HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/config"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(config.body()).contains("BACKWARD");
        }

        assertGone(brokerProcess);
        brokerTree.forEach(LocalStackIT::assertGone);
        assertGone(registryProcess);
        registryTree.forEach(LocalStackIT::assertGone);
    }

    @Test
    void restartedBrokerKeepsItsTopics() throws Exception {
        Path data = work.resolve("broker");
        String bootstrap;
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), data);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            bootstrap = broker.bootstrapServers();
            admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.defaultLibDir(), data);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).contains("kept");
        }
    }

    /**
     * Schema ids are what every record on every topic refers to, so a registry started again over the same work
     * directory must answer the same ids with the same schemas: after a clean stop, and after a SIGKILL straight
     * after registering (with H2's default write delay that registration was lost, and its id handed to the next
     * schema). It answers at the same URL, so clients configured with it follow.
     */
    @Test
    void restartedRegistryKeepsSchemaIdsAfterStopAndAfterKill() throws Exception {
        Path data = work.resolve("registry");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String first = recordSchema("First");
        String second = recordSchema("Second");
        String third = recordSchema("Third");
        int firstId;
        int secondId;
        String url;
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), data)) {
            url = registry.ccompatUrl();
            firstId = register(http, registry, "first-value", first);
            secondId = register(http, registry, "second-value", second);
        }
        int thirdId;
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), data)) {
            assertThat(registry.ccompatUrl()).as("URL after a restart over the same work directory").isEqualTo(url);
            assertThat(get(http, registry, "/subjects")).contains("\"first-value\"", "\"second-value\"");
            assertThat(schemaById(http, registry, firstId)).isEqualTo(first);
            assertThat(schemaById(http, registry, secondId)).isEqualTo(second);
            thirdId = register(http, registry, "third-value", third);
            assertThat(thirdId).isNotIn(firstId, secondId);
            registry.processHandle().destroyForcibly();
            registry.processHandle().onExit().get(30, TimeUnit.SECONDS);
        }
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.defaultHome(), data)) {
            assertThat(registry.ccompatUrl()).as("URL after a SIGKILL and a restart").isEqualTo(url);
            assertThat(schemaById(http, registry, firstId)).isEqualTo(first);
            assertThat(schemaById(http, registry, secondId)).isEqualTo(second);
            assertThat(schemaById(http, registry, thirdId)).as("schema registered just before SIGKILL").isEqualTo(third);
            assertThat(register(http, registry, "third-value", third)).as("re-registering answers the kept id")
                    .isEqualTo(thirdId);
        }
    }

    private static Set<String> listedWithin(Admin admin, String topic, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        while (!names.contains(topic) && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
        return names;
    }

    private static String recordSchema(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";
    }

    private static int register(HttpClient http, ApicurioRegistry registry, String subject, String schema) throws Exception {
        String body = "{\"schema\":" + jsonString(schema) + "}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("register %s: %s", subject, response.body()).isEqualTo(200);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(id.find()).as("id in %s", response.body()).isTrue();
        return Integer.parseInt(id.group(1));
    }

    private static String schemaById(HttpClient http, ApicurioRegistry registry, int id) throws Exception {
        String body = get(http, registry, "/schemas/ids/" + id);
        Matcher schema = Pattern.compile("\"schema\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
        assertThat(schema.find()).as("schema in %s", body).isTrue();
        return schema.group(1).replace("\\\"", "\"");
    }

    private static String get(HttpClient http, ApicurioRegistry registry, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void assertGone(ProcessHandle handle) {
        Optional<ProcessHandle> now = ProcessHandle.of(handle.pid());
        assertThat(now.map(ProcessHandle::isAlive).orElse(false))
                .as("process %d still alive after close", handle.pid())
                .isFalse();
    }
}
