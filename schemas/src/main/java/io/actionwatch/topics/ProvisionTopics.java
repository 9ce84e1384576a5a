package io.actionwatch.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;

/**
 * Creates the pipeline's topics on an unsecured deployed cluster, since the broker does not auto-create them:
 * {@code ProvisionTopics BOOTSTRAP_SERVERS [PARTITIONS [REPLICATION_FACTOR]]}. A secured cluster is provisioned by
 * the launcher's ProvisionSecured (docker-compose.yml's {@code provision} service) instead.
 */
public final class ProvisionTopics {

    private ProvisionTopics() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: ProvisionTopics BOOTSTRAP_SERVERS [PARTITIONS (default 6) [REPLICATION_FACTOR (default 3)]]");
            System.exit(2);
        }
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        short replication = args.length > 2 ? Short.parseShort(args[2]) : 3;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            var created = new TopicProvisioner(admin, Duration.ofSeconds(60)).provision(Topics.all(partitions, replication));
            System.out.println("topics created: " + created);
        }
    }
}
