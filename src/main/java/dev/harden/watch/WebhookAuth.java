package dev.harden.watch;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whether a webhook request comes from the Git server that knows the shared secret: GitHub's
 * X-Hub-Signature-256 (HMAC-SHA256 of the body, "sha256=" and hex), Gitea's X-Gitea-Signature
 * (the same HMAC, hex) and GitLab's X-Gitlab-Token (the secret itself). Every comparison takes
 * the same time whatever matches, so the secret cannot be guessed byte by byte.
 */
public enum WebhookAuth {
    GITHUB("github"), GITLAB("gitlab"), GITEA("gitea");

    private final String path;

    WebhookAuth(String path) {
        this.path = path;
    }

    /** The provider for a path segment ("github" in /hooks/github). */
    public static Optional<WebhookAuth> forPath(String segment) {
        for (WebhookAuth provider : values()) {
            if (provider.path.equals(segment)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    public String path() {
        return path;
    }

    /** @param headers request headers, names in lower case */
    public boolean authentic(Map<String, String> headers, byte[] body, byte[] secret) {
        return switch (this) {
            case GITHUB -> same(headers.get("x-hub-signature-256"), "sha256=" + hmacHex(secret, body));
            case GITEA -> same(headers.get("x-gitea-signature"), hmacHex(secret, body));
            case GITLAB -> same(headers.get("x-gitlab-token"), new String(secret, StandardCharsets.UTF_8));
        };
    }

    private static boolean same(String given, String expected) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(given.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
                expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    static String hmacHex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
