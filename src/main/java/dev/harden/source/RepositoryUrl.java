package dev.harden.source;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A desired-state repository URL as the operator gave it, which may carry credentials
 * ({@code https://alice:TOKEN@git.example.org/fleet.git}). The full form is handed to the fetch
 * and nowhere else; what is shown, stored or used to name the cache is the redacted form, in
 * which the credentials read {@code ***}. {@link #toString()} is the redacted form, so a URL
 * concatenated into a message by mistake still shows no secret.
 *
 * <p>Over HTTP(S) and other non-SSH schemes a user name alone can be a token
 * ({@code https://TOKEN@host/...}), so the whole user-info is redacted; over SSH the user name
 * is kept ({@code git@host:repo}, {@code ssh://deploy@host/repo}) and only a password is hidden.
 */
final class RepositoryUrl {

    /** A scheme and the user-info before the host, in a URL anywhere in a text. */
    private static final Pattern USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#\\s]*)@");
    private static final String HIDDEN = "***";
    /** A user name alone this long is taken for a token and also removed where quoted bare. */
    private static final int TOKEN_LENGTH = 16;

    private final String full;
    private final String redacted;
    private final List<String> secrets;

    private RepositoryUrl(String full) {
        this.full = full;
        this.redacted = redactUrls(full);
        this.secrets = passwords(full);
    }

    /** True when {@code repo} is a URL (scheme://... or scp-like user@host:path), not a local folder. */
    static boolean isUrl(String repo) {
        return repo.contains("://") || repo.matches("[\\w.-]+@[\\w.-]+:.*");
    }

    static RepositoryUrl of(String repo) {
        return new RepositoryUrl(repo);
    }

    /** The URL with its credentials: for the fetch only, never for a message, a file or a name. */
    String forFetch() {
        return full;
    }

    /** The URL as it may be shown: credentials replaced by {@code ***}. */
    String redacted() {
        return redacted;
    }

    /** {@code text} (e.g. a Git library's error message) without this URL's credentials. */
    String redact(String text) {
        if (text == null) {
            return "";
        }
        String result = text.replace(full, redacted);
        result = redactUrls(result);
        for (String secret : secrets) {
            result = result.replace(secret, HIDDEN);
        }
        return result;
    }

    @Override
    public String toString() {
        return redacted;
    }

    /** Every URL in {@code text} with its user-info redacted (see the class comment for what is kept). */
    static String redactUrls(String text) {
        Matcher matcher = USER_INFO.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(
                    matcher.group(1) + redactUserInfo(matcher.group(1), matcher.group(2)) + "@"));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String redactUserInfo(String scheme, String userInfo) {
        if (!isSsh(scheme)) {
            return HIDDEN;
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? userInfo : userInfo.substring(0, colon + 1) + HIDDEN;
    }

    private static boolean isSsh(String scheme) {
        String name = scheme.substring(0, scheme.length() - "://".length()).toLowerCase(Locale.ROOT);
        return name.equals("ssh") || name.equals("git+ssh") || name.equals("ssh+git");
    }

    /**
     * The password (or, where a user name alone may be a token, a long user name) of the URL, as
     * written and percent-decoded, so it can be removed from texts that quote it without the URL.
     * URLs in texts are redacted whole by {@link #redactUrls}; this is the second line of defence.
     */
    private static List<String> passwords(String url) {
        List<String> found = new ArrayList<>();
        Matcher matcher = USER_INFO.matcher(url);
        if (!matcher.find()) {
            return found;
        }
        String userInfo = matcher.group(2);
        int colon = userInfo.indexOf(':');
        String secret = colon >= 0 ? userInfo.substring(colon + 1)
                : !isSsh(matcher.group(1)) && userInfo.length() >= TOKEN_LENGTH ? userInfo : "";
        if (!secret.isEmpty()) {
            found.add(secret);
            try {
                String decoded = URLDecoder.decode(secret.replace("+", "%2B"), StandardCharsets.UTF_8);
                if (!decoded.equals(secret)) {
                    found.add(decoded);
                }
            } catch (IllegalArgumentException e) {
                // not percent-encoded: the raw form is all there is
            }
        }
        return found;
    }
}
