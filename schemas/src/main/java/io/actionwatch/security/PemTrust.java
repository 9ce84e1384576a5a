package io.actionwatch.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS trust from a PEM file of CA certificates: the same file Kafka clients read with {@code ssl.truststore.type=PEM},
 * so one CA file serves the broker's and the registry's clients alike.
 */
public final class PemTrust {

    private PemTrust() {
    }

    /** An SSL context that trusts exactly the certificates in {@code pemFile} (hostnames are still verified). */
    public static SSLContext sslContext(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pemFile + " (expected PEM, '-----BEGIN CERTIFICATE-----')");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trusted certificates " + pemFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + pemFile + " as trusted certificates: " + e.getMessage(), e);
        }
    }
}
