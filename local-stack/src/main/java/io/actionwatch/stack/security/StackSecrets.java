package io.actionwatch.stack.security;

import io.actionwatch.stack.jdk.JavaRuntimes;
import io.actionwatch.stack.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets of a secured local stack, made once in a directory of their own (mode 0700) and reused by later runs
 * over the same work directory: a random password per user, a private CA, and a server certificate signed by it for
 * the broker and the registry (subject alternative names 127.0.0.1, localhost and the compose service names).
 *
 * <p>Certificates are made with the JDK's keytool, nothing is fetched. Passwords reach keytool through its
 * {@code :env} option, never its command line, and are kept in {@code passwords.properties} (0600). The CA's private
 * key is deleted once it has signed the server certificate: with it, anyone could impersonate the broker.
 */
public final class StackSecrets {

    /** The broker's own principal: inter-broker and controller connections (PLAIN over TLS), the only super user. */
    public static final String BROKER_USER = "broker";
    /** Names the server certificate answers to: loopback here, the compose services' host names there. */
    public static final List<String> SERVER_NAMES = List.of("ip:127.0.0.1", "dns:localhost", "dns:kafka",
            "dns:schema-registry");

    static final String PASSWORDS = "passwords.properties";
    static final String CA_PEM = "ca.pem";
    static final String SERVER_KEYSTORE = "server.p12";
    private static final String KEYSTORE_PASSWORD_KEY = "keystore";
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(StackSecrets.class);

    private final Path dir;
    private final Properties passwords;

    private StackSecrets(Path dir, Properties passwords) {
        this.dir = dir;
        this.passwords = passwords;
    }

    /**
     * The secrets in {@code dir} for {@code users} (plus {@link #BROKER_USER}): made when the directory holds none,
     * read back otherwise; a user missing from an earlier run gets a password of its own.
     */
    public static StackSecrets prepare(Path dir, Collection<String> users) {
        Path secrets = dir.toAbsolutePath();
        try {
            if (!Files.isDirectory(secrets)) {
                Files.createDirectories(secrets.getParent());
                Files.createDirectory(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the secrets directory " + secrets, e);
        }
        Properties passwords = readPasswords(secrets);
        boolean changed = false;
        List<String> needed = new ArrayList<>(users);
        needed.add(BROKER_USER);
        needed.add(KEYSTORE_PASSWORD_KEY);
        for (String user : needed) {
            if (!passwords.containsKey(user)) {
                passwords.setProperty(user, randomPassword());
                changed = true;
            }
        }
        if (changed) {
            writePrivate(secrets.resolve(PASSWORDS), out -> passwords.store(out, "actionwatch local stack passwords"));
        }
        StackSecrets stackSecrets = new StackSecrets(secrets, passwords);
        if (!Files.isRegularFile(stackSecrets.serverKeystore()) || !Files.isRegularFile(stackSecrets.caCertificate())) {
            stackSecrets.makeCertificates();
        }
        return stackSecrets;
    }

    public String password(String user) {
        String password = passwords.getProperty(user);
        if (password == null) {
            throw new IllegalArgumentException("no password for user '" + user + "' in " + dir.resolve(PASSWORDS));
        }
        return password;
    }

    /** The CA certificate (PEM) that every client trusts. */
    public Path caCertificate() {
        return dir.resolve(CA_PEM);
    }

    /** PKCS12 keystore with the server's key and certificate chain, for the broker and the registry. */
    public Path serverKeystore() {
        return dir.resolve(SERVER_KEYSTORE);
    }

    public String keystorePassword() {
        return password(KEYSTORE_PASSWORD_KEY);
    }

    public Path dir() {
        return dir;
    }

    private void makeCertificates() {
        long started = System.nanoTime();
        Path caStore = dir.resolve("ca.p12");
        Path request = dir.resolve("server.csr");
        Path signed = dir.resolve("server.pem");
        try {
            Files.deleteIfExists(serverKeystore());
            Files.deleteIfExists(caStore);
            // EC keys: generated in milliseconds where RSA takes seconds, and every TLS stack here speaks them.
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=actionwatch local CA", "-ext", "bc:c", "-validity", "825",
                    "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass:env", "STORE_PASSWORD");
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
                    "-storepass:env", "STORE_PASSWORD", "-file", caCertificate().toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=actionwatch server", "-validity", "825",
                    "-keystore", serverKeystore().toString(), "-storetype", "PKCS12", "-storepass:env", "STORE_PASSWORD");
            keytool("-certreq", "-alias", "server", "-keystore", serverKeystore().toString(),
                    "-storepass:env", "STORE_PASSWORD", "-file", request.toString());
            keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass:env", "STORE_PASSWORD",
                    "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "825",
                    "-ext", "SAN=" + String.join(",", SERVER_NAMES), "-ext", "EKU=serverAuth",
                    "-ext", "KU=digitalSignature");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCertificate().toString(),
                    "-keystore", serverKeystore().toString(), "-storepass:env", "STORE_PASSWORD");
            keytool("-importcert", "-alias", "server", "-file", signed.toString(),
                    "-keystore", serverKeystore().toString(), "-storepass:env", "STORE_PASSWORD");
            Files.setPosixFilePermissions(serverKeystore(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make certificates in " + dir, e);
        } finally {
            deleteQuietly(caStore);
            deleteQuietly(request);
            deleteQuietly(signed);
        }
        log.info("certificates made dir={} names={} ms={}", dir, SERVER_NAMES, (System.nanoTime() - started) / 1_000_000);
    }

    private void keytool(String... arguments) {
        Path keytool = JavaRuntimes.currentJava().resolveSibling("keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        try (ChildProcess process = ChildProcess.start("keytool", command,
                Map.of("STORE_PASSWORD", keystorePassword()), dir, dir.resolve("keytool.log"), Duration.ofSeconds(5))) {
            int exit = process.awaitExit(KEYTOOL_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed with exit code " + exit
                        + "; its output:\n" + process.logTail());
            }
        }
    }

    private void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", file, e.toString());
        }
    }

    private static Properties readPasswords(Path dir) {
        Properties passwords = new Properties();
        Path file = dir.resolve(PASSWORDS);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                passwords.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return passwords;
    }

    /** 24 random bytes, URL-safe base64: 192 bits, and no character that needs quoting in JAAS or properties. */
    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @FunctionalInterface
    public interface WriterAction {
        void write(Writer out) throws IOException;
    }

    /** Writes {@code file} readable by its owner only, whatever the umask. */
    public static void writePrivate(Path file, WriterAction action) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                action.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
