/**
 * The command line (picocli, imported only here). Each command parses options, calls the
 * engine, renders the result (text or JSON) and returns an exit code; no logic lives here and
 * nothing depends on this package. Text for people leaves only through {@link
 * dev.harden.cli.HumanOutput}, because most of it is host data and a terminal obeys the escape
 * sequences a compromised host could put there; JSON is printed as the JSON package writes it.
 */
package dev.harden.cli;
