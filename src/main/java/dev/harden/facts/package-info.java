/**
 * Facts about a host, gathered in ONE round trip by a read-only script: the core's (OS, init
 * system, package manager, the operator's connection, listening sockets), each module's own
 * ({@link dev.harden.facts.FactProbe}: a snippet and its parser), and the state of every resource
 * the modules observe. Each answer is framed and bounded, since a host's output is hostile.
 * Planning is a pure function of these facts and the desired state.
 */
package dev.harden.facts;
