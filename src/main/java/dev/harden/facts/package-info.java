/**
 * Facts about a host, gathered in ONE round trip by a read-only script: OS, OpenSSH version,
 * init system, package manager, the current state of every managed file and the effective
 * sshd configuration. Planning is a pure function of these facts and the desired state.
 */
package dev.harden.facts;
