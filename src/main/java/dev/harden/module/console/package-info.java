/**
 * The host's own way to see and undo harden's changes, for when the controller, the network or
 * the Git server is out of reach: harden-local (status, history, rollback with each generation's
 * own stored code) and the timer that ends exceptions after a boot.
 */
package dev.harden.module.console;
