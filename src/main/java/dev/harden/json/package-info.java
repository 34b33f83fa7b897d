/**
 * The only package that imports Jackson: plans and results as JSON ({@code --json}) with a
 * shape of its own, independent of the internal records.
 */
package dev.harden.json;
