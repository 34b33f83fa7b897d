/**
 * The only package that imports SnakeYAML. It turns YAML text into a small tree of
 * {@link dev.harden.yaml.YamlNode}s that carry file:line, so policy and inventory
 * validation can point at the exact line to fix. Loading is compose-only (no object
 * construction), which is stricter than SnakeYAML's safe constructor.
 */
package dev.harden.yaml;
