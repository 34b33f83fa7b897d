/**
 * The only package that imports SnakeYAML. It turns YAML text into a small tree of
 * {@link dev.harden.yaml.YamlNode}s that carry file:line, so policy and inventory
 * validation can point at the exact line to fix. Loading is compose-only (no object
 * construction), which is stricter than SnakeYAML's safe constructor, and bounded: text size,
 * values after alias expansion and nesting depth all have limits, so a hostile file fails with
 * one line naming it instead of exhausting memory or the stack.
 */
package dev.harden.yaml;
