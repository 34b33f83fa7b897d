/**
 * The only package that imports JGit. It turns "a repository at a ref" into a
 * {@link dev.harden.source.Snapshot}: the bytes of policies/, templates/ and inventory/ at
 * one commit, so every plan and apply names exactly what it applied. Uncommitted edits are
 * reported, never applied silently. A repository given as a URL is fetched into a private
 * cache on every run and read at the commit the remote names now; credentials in the URL are
 * used for the fetch only and never shown or stored.
 */
package dev.harden.source;
