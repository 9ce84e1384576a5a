package io.actionwatch.stack.registry;

import io.actionwatch.stack.security.StackSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a secured registry is run: https only (the stack's server certificate), HTTP basic authentication against the
 * users given here, and Apicurio's role-based authorization, so that only {@code adminUser} may register schemas or
 * change rules while every other user may only read and look schemas up (Apicurio's {@code sr-readonly}).
 */
public record RegistrySecurity(StackSecrets secrets, String adminUser, List<String> readOnlyUsers) {

    /** Apicurio's role names. */
    static final String ADMIN_ROLE = "sr-admin";
    static final String READ_ONLY_ROLE = "sr-readonly";

    public RegistrySecurity {
        readOnlyUsers = List.copyOf(readOnlyUsers);
    }

    /**
     * The Quarkus settings, written to {@code config/application.properties} in the registry's working directory
     * (owner-only: it holds the users' passwords), where Quarkus reads them at start.
     */
    public void writeConfig(Path workDir) {
        try {
            Files.createDirectories(workDir.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir.resolve("config"), e);
        }
        StackSecrets.writePrivate(workDir.resolve("config").resolve("application.properties"), out -> {
            out.write("# Written by actionwatch local-stack for a secured registry; holds passwords.\n");
            line(out, "apicurio.authn.enabled", "true");
            line(out, "apicurio.authn.mechanism.priority", "basic");
            line(out, "quarkus.http.auth.basic", "true");
            line(out, "apicurio.auth.role-based-authorization", "true");
            line(out, "apicurio.auth.role-source", "token");
            line(out, "quarkus.security.users.embedded.enabled", "true");
            line(out, "quarkus.security.users.embedded.plain-text", "true");
            user(out, adminUser, ADMIN_ROLE);
            for (String reader : readOnlyUsers) {
                user(out, reader, READ_ONLY_ROLE);
            }
            line(out, "quarkus.http.insecure-requests", "disabled");
            line(out, "quarkus.http.ssl.certificate.key-store-file", secrets.serverKeystore().toString());
            line(out, "quarkus.http.ssl.certificate.key-store-file-type", "PKCS12");
            line(out, "quarkus.http.ssl.certificate.key-store-password", secrets.keystorePassword());
        });
    }

    private void user(java.io.Writer out, String user, String role) throws IOException {
        line(out, "quarkus.security.users.embedded.users." + user, secrets.password(user));
        line(out, "quarkus.security.users.embedded.roles." + user, role);
    }

    private static void line(java.io.Writer out, String key, String value) throws IOException {
        // Values here are paths and URL-safe passwords; a backslash is the one character properties would eat.
        out.write(key + "=" + value.replace("\\", "\\\\") + "\n");
    }

    /** The Authorization header of the admin user, for the registry's own start-up checks. */
    String adminAuthorization() {
        String userInfo = adminUser + ":" + secrets.password(adminUser);
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** Trusts the stack's CA (the certificate entry in the server keystore). */
    SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(secrets.serverKeystore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secrets.keystorePassword().toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + secrets.serverKeystore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the CA in " + secrets.serverKeystore(), e);
        }
    }
}
