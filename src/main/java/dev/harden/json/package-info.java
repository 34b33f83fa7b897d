/**
 * The only package that imports Jackson: plans and results as JSON ({@code --json}) with a
 * shape of its own, independent of the internal records, versioned by a {@code format} field and
 * described by the JSON Schemas in schemas/; and the saved plan's file.
 */
package dev.harden.json;
