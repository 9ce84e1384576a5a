package io.actionwatch.launcher;

import io.actionwatch.security.AccessPolicy;
import io.actionwatch.security.ClientSecurity;
import io.actionwatch.security.Role;
import io.actionwatch.serde.RegistryAvroSerializer;
import io.actionwatch.serde.RegistrySerdeConfig;
import io.actionwatch.serde.SchemaRegistryClient;
import io.actionwatch.stack.security.StackSecrets;
import io.actionwatch.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisioning of a secured cluster, in the order the rights allow: the broker's own principal creates every role's
 * SCRAM credentials and ACLs; then the admin role, with only its own rights, creates the topics (the caller) and
 * registers every topic's value schema, since services run with schema auto-registration off. Repeating it over a
 * provisioned cluster changes nothing (credentials are upserted, ACLs and schemas are idempotent).
 */
final class SecureProvisioning {

    /** SCRAM iterations: Kafka's minimum is 4096; 8192 as many SCRAM deployments use. */
    private static final int SCRAM_ITERATIONS = 8192;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SecureProvisioning.class);

    private SecureProvisioning() {
    }

    /** Users and ACLs, as the broker's principal. */
    static void usersAndAcls(String bootstrapServers, StackSecrets secrets, AccessPolicy policy) {
        try (Admin broker = Admin.create(brokerPrincipal(bootstrapServers, secrets))) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (Role role : Role.values()) {
                users.add(new UserScramCredentialUpsertion(role.user(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), secrets.password(role.user())));
            }
            broker.alterUserScramCredentials(users).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            policy.bindings().values().forEach(acls::addAll);
            broker.createAcls(acls).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            log.info("users and ACLs provisioned users={} acls={}", users.size(), acls.size());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot provision users and ACLs on " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning users and ACLs", e);
        }
    }

    /**
     * Waits until the admin role can authenticate: new SCRAM credentials reach the broker's cache through the
     * metadata log, a moment after the controller accepted them.
     */
    static void awaitAuthentication(Map<String, Object> adminSettings) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try (Admin admin = Admin.create(adminSettings)) {
                admin.describeCluster().clusterId().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the admin role cannot reach the broker: " + e.getCause(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("the admin role cannot reach the broker in " + TIMEOUT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the admin role", e);
            }
            sleep(Duration.ofMillis(200));
        }
    }

    /**
     * Every topic's value schema under its subject, and under its record's name for writers of topics named at run
     * time (operator replays use RecordNameStrategy), as the admin role, the only one the registry lets write.
     */
    static void schemas(Map<String, Object> adminSettings) {
        try (SchemaRegistryClient registry = new RegistrySerdeConfig(adminSettings).newClient()) {
            Map<String, Integer> ids = new HashMap<>();
            for (Map.Entry<String, Schema> topic : Topics.valueSchemas().entrySet()) {
                String subject = RegistryAvroSerializer.subject(topic.getKey(), false);
                ids.put(subject, registry.register(subject, topic.getValue()));
                String recordSubject = topic.getValue().getFullName();
                ids.put(recordSubject, registry.register(recordSubject, topic.getValue()));
            }
            log.info("schemas registered ids={}", ids);
        }
    }

    private static Map<String, Object> brokerPrincipal(String bootstrapServers, StackSecrets secrets) {
        String user = StackSecrets.BROKER_USER;
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "actionwatch-provisioning");
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + user + "\" password=\"" + secrets.password(user) + "\";");
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, secrets.caCertificate().toString());
        return settings;
    }

    /** A role's complete client settings: where the cluster is, and how to prove who it is. */
    static Map<String, Object> roleSettings(Role role, String bootstrapServers, String registryUrl, StackSecrets secrets) {
        Map<String, Object> settings = new HashMap<>(ClientSecurity.settings(role.user(),
                secrets.password(role.user()), secrets.caCertificate()));
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(RegistrySerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return settings;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
