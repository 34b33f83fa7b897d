/**
 * The command line (picocli, imported only here). Each command parses options, calls the
 * engine, renders the result (text or JSON) and returns an exit code; no logic lives here and
 * nothing depends on this package.
 */
package dev.harden.cli;
