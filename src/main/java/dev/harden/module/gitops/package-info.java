/**
 * Settings for the GitOps watcher that vary per host (gitops.drift), layered like any module's
 * policy; the module wants nothing on a host.
 */
package dev.harden.module.gitops;
