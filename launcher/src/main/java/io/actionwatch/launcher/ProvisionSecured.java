package io.actionwatch.launcher;

import io.actionwatch.security.ClientSecurity;
import io.actionwatch.security.Role;
import io.actionwatch.stack.security.StackSecrets;
import io.actionwatch.topics.TopicProvisioner;
import io.actionwatch.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Provisions a secured deployment (docker-compose.yml's {@code provision} service) after {@link DeploymentSecrets}:
 * every role's SCRAM credentials and ACLs as the broker's principal, then topics and schemas as the admin role.
 *
 * <p>Usage: {@code ProvisionSecured SECRETS_DIR PARTITIONS REPLICATION_FACTOR}.
 */
public final class ProvisionSecured {

    private ProvisionSecured() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ProvisionSecured SECRETS_DIR PARTITIONS REPLICATION_FACTOR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        StackSecrets secrets = StackSecrets.prepare(dir, Arrays.stream(Role.values()).map(Role::user).toList());
        Map<String, Object> admin = ClientSecurity.read(dir.resolve(Role.ADMIN.user() + ".properties"));
        String bootstrap = admin.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG).toString();
        SecureProvisioning.usersAndAcls(bootstrap, secrets, LocalInfrastructure.embeddedAccessPolicy());
        SecureProvisioning.awaitAuthentication(admin);
        try (Admin client = Admin.create(admin)) {
            new TopicProvisioner(client, Duration.ofSeconds(60)).provision(
                    Topics.all(Integer.parseInt(args[1]), Short.parseShort(args[2])));
        }
        SecureProvisioning.schemas(admin);
        System.out.println("provisioned users, ACLs, topics and schemas on " + bootstrap);
    }
}
