package io.actionwatch.serde;

import io.actionwatch.security.PemTrust;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * How a registry client proves who it is (HTTP basic, {@code user:password}) and which CA it trusts for https
 * (a PEM file); both absent for a local registry without security. The password never appears in {@link #toString()}.
 */
public record RegistryAccess(String userInfo, Path trustedCertificates) {

    public static final RegistryAccess NONE = new RegistryAccess(null, null);

    public RegistryAccess {
        if (userInfo != null && userInfo.indexOf(':') < 1) {
            throw new IllegalArgumentException("registry credentials must be 'user:password'");
        }
    }

    /** The Authorization header value, when credentials are set. */
    Optional<String> authorization() {
        return userInfo == null ? Optional.empty() : Optional.of("Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    /** The user name alone, for logs. */
    public Optional<String> user() {
        return userInfo == null ? Optional.empty() : Optional.of(userInfo.substring(0, userInfo.indexOf(':')));
    }

    HttpClient.Builder configure(HttpClient.Builder builder) {
        return trustedCertificates == null ? builder : builder.sslContext(PemTrust.sslContext(trustedCertificates));
    }

    @Override
    public String toString() {
        return "RegistryAccess[user=" + user().orElse("-") + ", trustedCertificates=" + trustedCertificates + "]";
    }
}
