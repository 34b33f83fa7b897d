/**
 * The sshd module (Layer 1): key-only authentication, no root login, no forwarding by default,
 * verbose logging, and algorithms that pass ssh-audit for the host's OpenSSH version. The
 * effective configuration is checked after every apply, so an override cannot hide.
 */
package dev.harden.module.sshd;
