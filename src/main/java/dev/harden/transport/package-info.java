/**
 * How harden reaches a host: a small {@link dev.harden.transport.Host} interface that runs
 * root shell commands, with an SSH implementation ({@code ssh}, MINA SSHD) and a local one
 * that targets an image root directory ({@code local}). Commands are a fixed script plus
 * arguments; {@link dev.harden.transport.Shell} is the only place that quotes.
 */
package dev.harden.transport;
