package dev.harden.source;

/**
 * What the signature on one commit says: trusted, and by whom, or why not.
 *
 * @param commit  the full commit id
 * @param status  the verdict
 * @param signer  who signed, as the trust files name them: the principals of the
 *                {@code allowed_signers} line, or the OpenPGP key's primary user id; "" when unknown
 * @param key     the key, e.g. {@code SSH ED25519 SHA256:...} or {@code OpenPGP EdDSA 3A1B...}; ""
 *                when the commit is unsigned or its signature unreadable
 * @param detail  more about a refusal (e.g. the validity window that was missed); "" otherwise
 */
public record CommitSignature(String commit, Status status, String signer, String key, String detail) {

    /** The verdict on a commit's signature. */
    public enum Status {
        /** A valid signature by a key the policy trusts. */
        TRUSTED,
        /** No signature at all. */
        UNSIGNED,
        /** Signed by a key that is in none of the trust files. */
        UNKNOWN_KEY,
        /** The key is in a trust file, but may not sign commits (e.g. not a signing key). */
        NOT_ALLOWED,
        /** The signature or the allowed_signers entry is for another namespace than "git". */
        WRONG_NAMESPACE,
        /** The key was outside its validity period when the commit was signed. */
        EXPIRED,
        /** The key was revoked. */
        REVOKED,
        /** The signature does not match the commit (the commit was changed after signing). */
        BAD_SIGNATURE,
        /** A signature harden cannot check (X.509, an unknown format, an unreadable signature). */
        UNSUPPORTED
    }

    public CommitSignature {
        signer = signer == null ? "" : oneLine(signer);
        key = key == null ? "" : oneLine(key);
        detail = detail == null ? "" : oneLine(detail);
    }

    static CommitSignature unsigned(String commit) {
        return new CommitSignature(commit, Status.UNSIGNED, "", "", "");
    }

    public boolean trusted() {
        return status == Status.TRUSTED;
    }

    public String shortCommit() {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    /** "signed by alice@example.org (SSH ED25519 SHA256:...)", or why the commit is not trusted. */
    public String describe() {
        String reason = switch (status) {
            case TRUSTED -> "signed by " + (signer.isEmpty() ? "a trusted key" : signer) + keyInParentheses();
            case UNSIGNED -> "unsigned";
            case UNKNOWN_KEY -> "signed by a key that no trust file lists" + keyInParentheses();
            case NOT_ALLOWED -> "signed by a key that may not sign commits" + keyInParentheses();
            case WRONG_NAMESPACE -> "signed for another use than git commits" + keyInParentheses();
            case EXPIRED -> "signed by a key outside its validity period" + keyInParentheses();
            case REVOKED -> "signed by a revoked key" + keyInParentheses();
            case BAD_SIGNATURE -> "its signature does not match its content (changed after signing?)"
                    + keyInParentheses();
            case UNSUPPORTED -> "its signature cannot be checked";
        };
        return detail.isEmpty() ? reason : reason + ": " + detail;
    }

    /** One line for the operator: "commit 1a2b3c4d5e is unsigned", or who signed it. */
    public String message() {
        return "commit " + shortCommit() + (trusted() ? " is " : " is not trusted: ") + describe();
    }

    private String keyInParentheses() {
        return key.isEmpty() ? "" : " (" + key + ")";
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+", " ").strip();
    }
}
