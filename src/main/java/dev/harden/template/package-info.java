/**
 * The only package that imports Freemarker. Modules render their files through
 * {@link dev.harden.template.Templates}; users override any built-in template by committing
 * one with the same name under templates/ in their desired-state repository.
 */
package dev.harden.template;
