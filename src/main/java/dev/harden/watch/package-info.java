/**
 * GitOps: {@code harden watch} follows a branch and converges the fleet with the engine's own
 * change flow; webhooks (authenticated, bounded) trigger a fetch; drift is reported or healed;
 * held hosts and untrusted commits are respected. Beside the cli, calling the engine.
 */
package dev.harden.watch;
