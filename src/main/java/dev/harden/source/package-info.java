/**
 * The only package that imports JGit (and BouncyCastle's OpenPGP API, for commit signatures). It
 * turns "a repository at a ref" into a {@link dev.harden.source.Snapshot}: the bytes of policies/,
 * templates/ and inventory/ at one commit, so every plan and apply names exactly what it applied.
 * Uncommitted edits are reported, never applied silently. A repository given as a URL is fetched
 * into a private cache on every run and read at the commit the remote names now; credentials in
 * the URL are used for the fetch only and never shown or stored.
 *
 * <p>It also answers whether a commit may be applied ({@link dev.harden.source.GitHistory}): are
 * its signatures, and in strict mode those of every commit since a host's last applied one,
 * trusted under a {@link dev.harden.source.TrustPolicy} (SSH signatures by JGit's own verifier and
 * an allowed_signers file, OpenPGP signatures against a given key file, never ~/.gnupg), and does
 * it move the host forward ({@link dev.harden.source.Ancestry}). The engine asks per host through a
 * {@link dev.harden.source.HistoryGate}.
 */
package dev.harden.source;
