/**
 * The only package that imports JGit. It turns "a repository at a ref" into a
 * {@link dev.harden.source.Snapshot}: the bytes of policies/, templates/ and inventory/ at
 * one commit, so every plan and apply names exactly what it applied. Uncommitted edits are
 * reported, never applied silently.
 */
package dev.harden.source;
