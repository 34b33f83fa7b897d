/**
 * The local transport: an image root directory on this machine is a host. Hardening a golden
 * image before it boots is a real use, and it makes fast, real unit tests possible: the same
 * scripts run with real sh, stat and base64, without SSH or containers.
 */
package dev.harden.transport.local;
