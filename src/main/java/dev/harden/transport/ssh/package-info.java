/**
 * The SSH transport: the only package of harden that uses Apache MINA SSHD ({@code org.apache.sshd}),
 * so the rest of the code knows hosts only as {@link dev.harden.transport.Host}.
 *
 * <p>It exists to keep the security decisions of connecting in one small place:
 * <ul>
 *   <li>Host keys are pinned in the repository's {@code inventory/known_hosts}. A key that
 *       differs from a pinned one is refused, always; an unknown host is refused unless the
 *       operator asked to trust new keys for this run, and then its key is recorded and reported.
 *       MINA's default of accepting any host key is never used.</li>
 *   <li>Login is by public key only, with the identity file the inventory names: no password,
 *       no keyboard-interactive, no agent, no {@code ~/.ssh/config}, no default identities, no
 *       prompts.</li>
 *   <li>One authenticated session per host for the whole run (kept alive with heartbeats while an
 *       operator reads a plan), commands on exec channels with exit status, stdout and stderr kept
 *       as data, and root reached through {@code sudo -n} when the login user is not root.</li>
 * </ul>
 */
package dev.harden.transport.ssh;
