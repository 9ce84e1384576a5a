package io.actionwatch.launcher;

import io.actionwatch.security.ClientSecurity;
import io.actionwatch.security.Role;
import io.actionwatch.stack.broker.BrokerFiles;
import io.actionwatch.stack.registry.RegistrySecurity;
import io.actionwatch.stack.security.StackSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The secrets of a secured multi-host deployment (docker-compose.yml's {@code secrets} service), made once in a
 * directory every container mounts at the same path, so the paths written into the files hold everywhere:
 * passwords and certificates ({@link StackSecrets}), the broker's security settings ({@code kafka/server.properties}),
 * the registry's users and TLS ({@code registry/config/application.properties}), and each role's client settings
 * ({@code <role>.properties}). A directory that already holds secrets keeps them.
 *
 * <p>Usage: {@code DeploymentSecrets DIR BOOTSTRAP_SERVERS REGISTRY_URL}.
 */
public final class DeploymentSecrets {

    private DeploymentSecrets() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DeploymentSecrets DIR BOOTSTRAP_SERVERS REGISTRY_URL");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        StackSecrets secrets = StackSecrets.prepare(dir, Arrays.stream(Role.values()).map(Role::user).toList());
        Files.createDirectories(dir.resolve("kafka"));
        StackSecrets.writePrivate(dir.resolve("kafka").resolve("server.properties"),
                out -> out.write(BrokerFiles.securitySettings(secrets) + "\n"));
        new RegistrySecurity(secrets, Role.ADMIN.user(), Arrays.stream(Role.values())
                .filter(role -> !role.registersSchemas()).map(Role::user).toList()).writeConfig(dir.resolve("registry"));
        for (Role role : Role.values()) {
            ClientSecurity.write(dir.resolve(role.user() + ".properties"),
                    SecureProvisioning.roleSettings(role, args[1], args[2], secrets));
        }
        System.out.println("secrets ready in " + dir);
    }
}
